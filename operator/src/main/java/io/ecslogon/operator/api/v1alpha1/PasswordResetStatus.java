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

  @JsonPropertyDescription("When the reset started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When it finished (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Complete, Failed, RestartRequired and Ready-style conditions with reasons.")
  private List<Condition> conditions = new ArrayList<>();

  public ResetPhase getPhase() {
    return phase;
  }

  public void setPhase(ResetPhase phase) {
    this.phase = phase;
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
