package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An account on an instance with a shell that allows logging in. */
public class LoginUser {
  @JsonPropertyDescription("User name.")
  private String name;

  @JsonPropertyDescription("Numeric user ID.")
  private Long uid;

  @JsonPropertyDescription("Login shell.")
  private String shell;

  public LoginUser() {}

  public LoginUser(String name, long uid, String shell) {
    this.name = name;
    this.uid = uid;
    this.shell = shell;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Long getUid() {
    return uid;
  }

  public void setUid(Long uid) {
    this.uid = uid;
  }

  public String getShell() {
    return shell;
  }

  public void setShell(String shell) {
    this.shell = shell;
  }
}
