package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Credential hygiene on one instance. */
public class CompliancePolicy {
  @Default("Audit")
  @JsonPropertyDescription("Audit only reports findings in status; Enforce also removes unknown keys and"
      + " preset credentials. Defaults to Audit.")
  private ComplianceMode mode = ComplianceMode.Audit;

  @JsonPropertyDescription("Users with a login shell that are expected on the instance besides those"
      + " managed by LogonUsers (for example the image's own ecs-user).")
  private List<@Pattern(ApiGroup.USERNAME_PATTERN) String> allowedUsers = new ArrayList<>();

  @JsonPropertyDescription("SHA256 fingerprints of authorized keys that are expected besides those the"
      + " operator manages.")
  private List<@Pattern(ApiGroup.SHA256_FINGERPRINT_PATTERN) String> allowedKeyFingerprints = new ArrayList<>();

  public ComplianceMode getMode() {
    return mode;
  }

  public void setMode(ComplianceMode mode) {
    this.mode = mode;
  }

  public List<String> getAllowedUsers() {
    return allowedUsers;
  }

  public void setAllowedUsers(List<String> allowedUsers) {
    this.allowedUsers = allowedUsers;
  }

  public List<String> getAllowedKeyFingerprints() {
    return allowedKeyFingerprints;
  }

  public void setAllowedKeyFingerprints(List<String> allowedKeyFingerprints) {
    this.allowedKeyFingerprints = allowedKeyFingerprints;
  }
}
