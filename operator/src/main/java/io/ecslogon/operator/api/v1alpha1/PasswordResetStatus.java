package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a PasswordReset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PasswordResetStatus implements HasConditions {
  @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
  private ResetPhase phase;

  @JsonPropertyDescription("The Secret holding the password that was (or is being) applied.")
  private String secretName;

  @JsonPropertyDescription("With generate: the uid of the Secret the operator created for this reset. Only the"
      + " Secret with this uid is used: one created by anyone else under the same name is refused.")
  private String secretUid;

  @JsonPropertyDescription("With generate: the SHA-256 of a random token the operator recorded here before it"
      + " created the Secret, and put only into the Secret (annotation ecslogon.io/claim). It proves the Secret"
      + " the operator's own when a crash came between creating it and recording its uid.")
  private String secretClaim;

  @JsonPropertyDescription("When the reset started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When it finished (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("When the password was set on the instance (RFC 3339).")
  private String passwordSetAt;

  @JsonPropertyDescription("Offline: the instance's boot ID when the password was set; a different boot ID means the"
      + " restart happened.")
  private String bootIdBeforeRestart;

  @JsonPropertyDescription("The user whose password was reset (spec.username, or the instance's adminUser).")
  private String username;

  @JsonPropertyDescription("PasswordSet, RestartRequired and Complete, with reasons.")
  private List<Condition> conditions = new ArrayList<>();

  public ResetPhase getPhase() {
    return phase;
  }

  public void setPhase(ResetPhase phase) {
    this.phase = phase;
  }

  public String getSecretUid() {
    return secretUid;
  }

  public void setSecretUid(String secretUid) {
    this.secretUid = secretUid;
  }

  public String getSecretClaim() {
    return secretClaim;
  }

  public void setSecretClaim(String secretClaim) {
    this.secretClaim = secretClaim;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getPasswordSetAt() {
    return passwordSetAt;
  }

  public void setPasswordSetAt(String passwordSetAt) {
    this.passwordSetAt = passwordSetAt;
  }

  public String getBootIdBeforeRestart() {
    return bootIdBeforeRestart;
  }

  public void setBootIdBeforeRestart(String bootIdBeforeRestart) {
    this.bootIdBeforeRestart = bootIdBeforeRestart;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
