package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a LogonUser. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogonUserStatus implements HasConditions {
  @JsonPropertyDescription("Per-instance results.")
  private List<InstanceResult> instances;

  @JsonPropertyDescription("How many target instances have the user in the declared state.")
  private Integer readyInstances;

  @JsonPropertyDescription("How many instances this LogonUser targets.")
  private Integer targetInstances;

  @JsonPropertyDescription("readyInstances/targetInstances, for the READY column.")
  private String ready;

  @JsonPropertyDescription("The kubernetes.io/basic-auth Secret holding the generated password, with generatePassword.")
  private String passwordSecretName;

  @JsonPropertyDescription("The uid of the password Secret the operator created, with generatePassword. Only the"
      + " Secret with this uid is trusted: one created by anyone else under the same name is refused.")
  private String passwordSecretUid;

  @JsonPropertyDescription("With generatePassword: the SHA-256 of a random token the operator recorded here before"
      + " it created the password Secret, and put only into the Secret (annotation ecslogon.io/claim). It proves the"
      + " Secret the operator's own when a crash came between creating it and recording its uid.")
  private String passwordSecretClaim;

  @JsonPropertyDescription("Ready, and conditions such as AuthMethodAllowed and Conflict.")
  private List<Condition> conditions = new ArrayList<>();

  public List<InstanceResult> getInstances() {
    return instances;
  }

  public void setInstances(List<InstanceResult> instances) {
    this.instances = instances;
  }

  public Integer getReadyInstances() {
    return readyInstances;
  }

  public void setReadyInstances(Integer readyInstances) {
    this.readyInstances = readyInstances;
  }

  public Integer getTargetInstances() {
    return targetInstances;
  }

  public void setTargetInstances(Integer targetInstances) {
    this.targetInstances = targetInstances;
  }

  public String getPasswordSecretUid() {
    return passwordSecretUid;
  }

  public void setPasswordSecretUid(String passwordSecretUid) {
    this.passwordSecretUid = passwordSecretUid;
  }

  public String getPasswordSecretClaim() {
    return passwordSecretClaim;
  }

  public void setPasswordSecretClaim(String passwordSecretClaim) {
    this.passwordSecretClaim = passwordSecretClaim;
  }

  public String getPasswordSecretName() {
    return passwordSecretName;
  }

  public void setPasswordSecretName(String passwordSecretName) {
    this.passwordSecretName = passwordSecretName;
  }

  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
