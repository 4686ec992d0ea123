package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The sshd settings the operator manages; each one left out is left as the instance has it. */
@ValidationRule(
    value = "!has(self.passwordAuthentication) || !has(self.pubkeyAuthentication)"
        + " || self.passwordAuthentication || self.pubkeyAuthentication",
    message = "passwordAuthentication and pubkeyAuthentication cannot both be false: nobody could log on over"
        + " SSH, the operator included")
public class SshdPolicy {
  @JsonPropertyDescription("sshd PasswordAuthentication: whether users may log in with a password.")
  private Boolean passwordAuthentication;

  @JsonPropertyDescription("sshd PubkeyAuthentication: whether users may log in with an SSH key.")
  private Boolean pubkeyAuthentication;

  @JsonPropertyDescription("sshd PermitRootLogin: yes, no, prohibit-password (keys only) or"
      + " forced-commands-only.")
  private PermitRootLogin permitRootLogin;

  public Boolean getPasswordAuthentication() {
    return passwordAuthentication;
  }

  public void setPasswordAuthentication(Boolean passwordAuthentication) {
    this.passwordAuthentication = passwordAuthentication;
  }

  public Boolean getPubkeyAuthentication() {
    return pubkeyAuthentication;
  }

  public void setPubkeyAuthentication(Boolean pubkeyAuthentication) {
    this.pubkeyAuthentication = pubkeyAuthentication;
  }

  public PermitRootLogin getPermitRootLogin() {
    return permitRootLogin;
  }

  public void setPermitRootLogin(PermitRootLogin permitRootLogin) {
    this.permitRootLogin = permitRootLogin;
  }
}
