package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The values sshd_config(5) accepts for PermitRootLogin. */
public enum PermitRootLogin {
  @JsonProperty("yes")
  YES("yes"),
  @JsonProperty("no")
  NO("no"),
  @JsonProperty("prohibit-password")
  PROHIBIT_PASSWORD("prohibit-password"),
  @JsonProperty("forced-commands-only")
  FORCED_COMMANDS_ONLY("forced-commands-only");

  private final String sshdValue;

  PermitRootLogin(String sshdValue) {
    this.sshdValue = sshdValue;
  }

  /** The value as sshd_config and {@code sshd -T} spell it. */
  public String sshdValue() {
    return sshdValue;
  }
}
