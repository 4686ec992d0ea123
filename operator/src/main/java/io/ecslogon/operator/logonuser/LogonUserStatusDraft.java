package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.LogonUserStatus;
import io.ecslogon.operator.convergence.AuthMethods;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The LogonUser status a reconcile is building, from the one it found: each outcome has a named
 * method (as {@code ecsinstance.InstanceStatusDraft} does for EcsInstances), so the reconciler only
 * says what happened.
 */
final class LogonUserStatusDraft {
  private final LogonUser user;
  private final Conditions conditions;
  private final LogonUserStatus status = new LogonUserStatus();

  LogonUserStatusDraft(LogonUser user, Conditions conditions) {
    this.user = user;
    this.conditions = conditions;
    status.setConditions(user.getStatus() == null ? null : user.getStatus().getConditions());
    status.setPasswordSecretUid(PasswordSource.recordedUid(user));
    status.setPasswordSecretClaim(PasswordSource.recordedClaim(user));
  }

  LogonUserStatus status() {
    return status;
  }

  /** Where the password comes from; a generated Secret's name and uid are recorded. */
  void password(PasswordSource.Password password) {
    boolean generated = Boolean.TRUE.equals(user.getSpec().getGeneratePassword());
    status.setPasswordSecretName(generated ? password.secretName() : null);
    status.setPasswordSecretUid(generated ? password.secretUid() : status.getPasswordSecretUid());
    if (generated && password.secretClaim() != null) {
      status.setPasswordSecretClaim(password.secretClaim());
    }
  }

  /** The per-instance picture stays as it was (nothing was looked at this time). */
  void keepInstances() {
    if (user.getStatus() != null) {
      status.setInstances(user.getStatus().getInstances());
      status.setReadyInstances(user.getStatus().getReadyInstances());
      status.setTargetInstances(user.getStatus().getTargetInstances());
      status.setReady(user.getStatus().getReady());
    }
  }

  /** Not applied anywhere, for a reason a person can act on; what the instances reported stays listed. */
  void notApplied(NotApplied reason) {
    status.setConditions(conditions.set(status.getConditions(), user, ConditionType.READY, Conditions.FALSE,
        reason.reason(), reason.getMessage()));
    status.setInstances(user.getStatus() == null ? null : user.getStatus().getInstances());
  }

  /**
   * Per-instance results, summed up as ready/targets and a Ready condition naming the first failure.
   * An instance that has not reported yet counts as a target but is listed only once it reports
   * (or if it was listed before), so a listed instance always says what happened there.
   */
  void instances(List<InstanceResult> allResults) {
    // Instances waiting for clean-up are listed (so they are retried) but are not targets.
    List<InstanceResult> results = allResults.stream().filter(r -> !"CleanupPending".equals(r.getReason())).toList();
    long ready = results.stream().filter(InstanceResult::getReady).count();
    status.setInstances(allResults.stream().filter(r -> !InstanceReports.PENDING.equals(r.getReason())
        || listedBefore(r.getName())).toList());
    status.setReadyInstances((int) ready);
    status.setTargetInstances(results.size());
    status.setReady(ready + "/" + results.size());
    String conditionStatus;
    String reason;
    String message;
    if (results.isEmpty()) {
      conditionStatus = Conditions.FALSE;
      reason = "NoTargets";
      message = "no EcsInstance matches";
    } else if (ready == results.size()) {
      conditionStatus = Conditions.TRUE;
      reason = "Ready";
      message = "user " + user.getSpec().getUsername() + " is in the declared state on " + ready + "/" + results.size()
          + " instances";
    } else {
      conditionStatus = Conditions.FALSE;
      InstanceResult first = results.stream().filter(r -> !r.getReady()).findFirst().orElseThrow();
      reason = first.getReason();
      message = ready + "/" + results.size() + " instances ready; " + first.getName() + ": " + first.getMessage();
    }
    status.setConditions(conditions.set(status.getConditions(), user, ConditionType.READY, conditionStatus, reason, message));
  }

  /**
   * Say where sshd refuses the way this user logs in: keys declared but public keys refused, or
   * only a password but password logins refused (PasswordAuthentication, PermitRootLogin for root,
   * AuthenticationMethods), judged from this user's effective settings on each instance reached.
   * The LogonUser does not change sshd itself.
   */
  void authMethods(DesiredUser desired, boolean hasPassword, Map<String, AuthMethods> authMethods) {
    boolean keys = !desired.keyLines().isEmpty();
    List<String> refusingKeys = refusing(authMethods, AuthMethods::keysRefused);
    List<String> refusingPasswords = refusing(authMethods, AuthMethods::passwordsRefused);
    if (keys && !refusingKeys.isEmpty()) {
      status.setConditions(conditions.set(status.getConditions(), user, "AuthMethodAllowed", Conditions.FALSE,
          "PubkeyAuthenticationDisabled", "sshd refuses public keys on " + refusingKeys
              + ": this user's keys will not work there until EcsInstance spec.sshd allows them"));
    } else if (!keys && hasPassword && !refusingPasswords.isEmpty()) {
      status.setConditions(conditions.set(status.getConditions(), user, "AuthMethodAllowed", Conditions.FALSE,
          "PasswordAuthenticationDisabled", "sshd refuses passwords on " + refusingPasswords
              + ": this user has only a password, which will not work there"));
    } else {
      status.setConditions(conditions.set(status.getConditions(), user, "AuthMethodAllowed", Conditions.TRUE,
          "Allowed", "sshd on every target allows the way this user logs in"));
    }
  }

  private boolean listedBefore(String instance) {
    return user.getStatus() != null && user.getStatus().getInstances() != null
        && user.getStatus().getInstances().stream().anyMatch(r -> instance.equals(r.getName()));
  }

  private static List<String> refusing(Map<String, AuthMethods> authMethods,
      Function<AuthMethods, String> refusal) {
    return authMethods.entrySet().stream()
        .filter(entry -> refusal.apply(entry.getValue()) != null)
        .map(entry -> entry.getKey() + " (" + refusal.apply(entry.getValue()) + ")")
        .toList();
  }

}
