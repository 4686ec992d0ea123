package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What one LogonUser came to on this instance at its last visit. The LogonUser's own status is
 * summed up from these, so each instance reports its own users after one run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceUserResult {
  @JsonPropertyDescription("The LogonUser (same namespace).")
  private String logonUser;

  @JsonPropertyDescription("The user name on the instance.")
  private String username;

  @JsonPropertyDescription("The LogonUser's metadata.generation this result is for.")
  private Long observedGeneration;

  @JsonPropertyDescription("Whether the user is in the declared state on this instance.")
  private Boolean ready;

  @JsonPropertyDescription("Why not, in one CamelCase word (or Ready).")
  private String reason;

  @JsonPropertyDescription("What happened, for people.")
  private String message;

  @JsonPropertyDescription("SHA256 fingerprints of the keys authorised for the user by the operator.")
  private List<String> keyFingerprints;

  @JsonPropertyDescription("Which version of the password Secret was last set (its uid and resourceVersion; never the"
      + " password).")
  private String passwordVersion;

  @JsonPropertyDescription("Why sshd refuses this user's public keys here, if it does.")
  private String keysRefused;

  @JsonPropertyDescription("Why sshd refuses this user's password here, if it does.")
  private String passwordsRefused;

  public String getLogonUser() {
    return logonUser;
  }

  public void setLogonUser(String logonUser) {
    this.logonUser = logonUser;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
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

  public List<String> getKeyFingerprints() {
    return keyFingerprints;
  }

  public void setKeyFingerprints(List<String> keyFingerprints) {
    this.keyFingerprints = keyFingerprints;
  }

  public String getPasswordVersion() {
    return passwordVersion;
  }

  public void setPasswordVersion(String passwordVersion) {
    this.passwordVersion = passwordVersion;
  }

  public String getKeysRefused() {
    return keysRefused;
  }

  public void setKeysRefused(String keysRefused) {
    this.keysRefused = keysRefused;
  }

  public String getPasswordsRefused() {
    return passwordsRefused;
  }

  public void setPasswordsRefused(String passwordsRefused) {
    this.passwordsRefused = passwordsRefused;
  }
}
