package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator read from an instance on its last successful visit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceFacts {
  @JsonPropertyDescription("PRETTY_NAME from /etc/os-release.")
  private String osRelease;

  @JsonPropertyDescription("ID from /etc/os-release, for example debian, ubuntu, alinux.")
  private String osId;

  @JsonPropertyDescription("Kernel boot ID; it changes on every boot, which is how restarts are confirmed.")
  private String bootId;

  @JsonPropertyDescription("Accounts whose shell lets them log in (not nologin or false).")
  private List<LoginUser> loginUsers = new ArrayList<>();

  @JsonPropertyDescription("Effective sshd settings as sshd -T reports them.")
  private EffectiveSshd sshd;

  public String getOsRelease() {
    return osRelease;
  }

  public void setOsRelease(String osRelease) {
    this.osRelease = osRelease;
  }

  public String getOsId() {
    return osId;
  }

  public void setOsId(String osId) {
    this.osId = osId;
  }

  public String getBootId() {
    return bootId;
  }

  public void setBootId(String bootId) {
    this.bootId = bootId;
  }

  public List<LoginUser> getLoginUsers() {
    return loginUsers;
  }

  public void setLoginUsers(List<LoginUser> loginUsers) {
    this.loginUsers = loginUsers;
  }

  public EffectiveSshd getSshd() {
    return sshd;
  }

  public void setSshd(EffectiveSshd sshd) {
    this.sshd = sshd;
  }
}
