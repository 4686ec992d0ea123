package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The sshd settings in force, as {@code sshd -T} prints them (lower-case values). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EffectiveSshd {
  @JsonPropertyDescription("passwordauthentication: yes or no.")
  private String passwordAuthentication;

  @JsonPropertyDescription("pubkeyauthentication: yes or no.")
  private String pubkeyAuthentication;

  @JsonPropertyDescription("permitrootlogin: yes, no, prohibit-password/without-password or forced-commands-only.")
  private String permitRootLogin;

  @JsonPropertyDescription("kbdinteractiveauthentication: yes or no.")
  private String kbdInteractiveAuthentication;

  @JsonPropertyDescription("OpenSSH version of the instance, from sshd -V.")
  private String version;

  public String getPasswordAuthentication() {
    return passwordAuthentication;
  }

  public void setPasswordAuthentication(String passwordAuthentication) {
    this.passwordAuthentication = passwordAuthentication;
  }

  public String getPubkeyAuthentication() {
    return pubkeyAuthentication;
  }

  public void setPubkeyAuthentication(String pubkeyAuthentication) {
    this.pubkeyAuthentication = pubkeyAuthentication;
  }

  public String getPermitRootLogin() {
    return permitRootLogin;
  }

  public void setPermitRootLogin(String permitRootLogin) {
    this.permitRootLogin = permitRootLogin;
  }

  public String getKbdInteractiveAuthentication() {
    return kbdInteractiveAuthentication;
  }

  public void setKbdInteractiveAuthentication(String kbdInteractiveAuthentication) {
    this.kbdInteractiveAuthentication = kbdInteractiveAuthentication;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }
}
