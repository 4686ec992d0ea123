package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A one-shot request to set a user's password on one instance. Immutable once created. */
@ValidationRule(value = "has(self.passwordSecretRef) != (has(self.generate) && self.generate)",
    message = "set exactly one of passwordSecretRef and generate: true")
@ValidationRule(value = "!has(self.method) || self.method != 'Console' || !has(self.username) || self.username == 'root'",
    message = "method Console resets the instance's logon password in ECS, which is root's: leave username out or set it to root")
@ValidationRule(value = "self == oldSelf",
    message = "a PasswordReset is a one-shot request and its spec cannot change: create a new PasswordReset")
public class PasswordResetSpec {
  @Required
  @JsonPropertyDescription("The EcsInstance whose user's password is reset.")
  private InstanceReference instanceRef;

  @Pattern(ApiGroup.USERNAME_PATTERN)
  @JsonPropertyDescription("Whose password to reset. Defaults to the instance's adminUser; with method Console it can only be root (the default there).")
  private String username;

  @JsonPropertyDescription("Take the new password from this Secret key (default key: password). Set this or generate.")
  private SecretKeyReference passwordSecretRef;

  @JsonPropertyDescription("Generate the password (ECS rules: 8-30 characters, three of upper, lower, digit, special) into a kubernetes.io/basic-auth Secret, stored before it is applied.")
  private Boolean generate;

  @Default("Online")
  @JsonPropertyDescription("Online (default): set the password over SSH, no restart. Offline: set it, then restart the instance (subject to its restartPolicy). Console: hand root's password to ECS with ModifyInstanceAttribute (no SSH; the EcsInstance needs spec.alibabaCloud) and restart it with RebootInstance, as the ECS console does: for an instance nobody can log on to.")
  private ResetMethod method;

  @Default("Retain")
  @JsonPropertyDescription("Enable: also turn on sshd PasswordAuthentication through the safe sshd path. Retain (default): leave sshd as it is.")
  private PasswordAuthenticationChange sshPasswordAuthentication;

  @Min(0)
  @JsonPropertyDescription("Delete this PasswordReset this many seconds after it finished (its generated Secret is kept).")
  private Integer ttlSecondsAfterFinished;

  public InstanceReference getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(InstanceReference instanceRef) {
    this.instanceRef = instanceRef;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public SecretKeyReference getPasswordSecretRef() {
    return passwordSecretRef;
  }

  public void setPasswordSecretRef(SecretKeyReference passwordSecretRef) {
    this.passwordSecretRef = passwordSecretRef;
  }

  public Boolean getGenerate() {
    return generate;
  }

  public void setGenerate(Boolean generate) {
    this.generate = generate;
  }

  public ResetMethod getMethod() {
    return method;
  }

  public void setMethod(ResetMethod method) {
    this.method = method;
  }

  public PasswordAuthenticationChange getSshPasswordAuthentication() {
    return sshPasswordAuthentication;
  }

  public void setSshPasswordAuthentication(PasswordAuthenticationChange sshPasswordAuthentication) {
    this.sshPasswordAuthentication = sshPasswordAuthentication;
  }

  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }
}
