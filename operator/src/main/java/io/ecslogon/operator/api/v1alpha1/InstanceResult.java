package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The outcome of a LogonUser on one instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceResult {
  @JsonPropertyDescription("The EcsInstance.")
  private String name;

  @JsonPropertyDescription("Whether the user is in the declared state on this instance.")
  private Boolean ready;

  @JsonPropertyDescription("Why not, in one CamelCase word (or Ready).")
  private String reason;

  @JsonPropertyDescription("What happened, for people.")
  private String message;

  @JsonPropertyDescription("SHA256 fingerprints of the keys authorised on this instance.")
  private List<String> keyFingerprints;

  @JsonPropertyDescription("Which version of the password Secret was last set on this instance (the Secret's uid and"
      + " resourceVersion; never the password). The password is set again only when this changes.")
  private String passwordVersion;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getPasswordVersion() {
    return passwordVersion;
  }

  public void setPasswordVersion(String passwordVersion) {
    this.passwordVersion = passwordVersion;
  }

  public List<String> getKeyFingerprints() {
    return keyFingerprints;
  }

  public void setKeyFingerprints(List<String> keyFingerprints) {
    this.keyFingerprints = keyFingerprints;
  }
}
