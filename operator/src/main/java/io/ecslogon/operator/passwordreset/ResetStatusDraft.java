package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.PasswordResetStatus;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The status a PasswordReset reconcile is about to write, started from the stored one. */
final class ResetStatusDraft {
  private final PasswordReset reset;
  private final Conditions conditions;
  private final Clock clock;
  private final PasswordResetStatus status;

  ResetStatusDraft(PasswordReset reset, Conditions conditions, Clock clock) {
    this.reset = reset;
    this.conditions = conditions;
    this.clock = clock;
    this.status = reset.getStatus() == null ? new PasswordResetStatus() : Serialization.clone(reset.getStatus());
    if (status.getPhase() == null) {
      status.setPhase(ResetPhase.Pending);
    }
  }

  PasswordResetStatus status() {
    return status;
  }

  boolean passwordSet() {
    return status.getPasswordSetAt() != null;
  }

  void running(String username, String secretName) {
    status.setPhase(ResetPhase.Running);
    status.setUsername(username);
    status.setSecretName(secretName);
    if (status.getStartTime() == null) {
      status.setStartTime(now());
    }
  }

  /** The generated Secret's uid, recorded before its password is used: only that Secret is trusted. */
  void secretCreated(String secretName, String secretUid) {
    status.setSecretName(secretName);
    status.setSecretUid(secretUid);
  }

  String recordedSecretUid() {
    return status.getSecretUid();
  }

  /** The claim's digest, as stored before the Secret was created (see {@link io.ecslogon.operator.secrets.SecretClaim}). */
  void secretClaimed(String digest) {
    status.setSecretClaim(digest);
  }

  String recordedSecretClaim() {
    return status.getSecretClaim();
  }

  /** The reason of Complete before this reconcile, to announce a refusal once rather than on every retry. */
  String previousReason() {
    return reset.getStatus() == null ? null : Conditions.find(reset.getStatus().getConditions(), ConditionType.COMPLETE)
        .map(c -> c.getReason()).orElse(null);
  }

  void passwordSet(String message, String bootId) {
    status.setPasswordSetAt(now());
    status.setBootIdBeforeRestart(bootId);
    set(ConditionType.PASSWORD_SET, Conditions.TRUE, "PasswordSet", message);
  }

  /** The password is set and Enable's login could not be tried yet: only the login is to be tried again. */
  boolean loginNotTried() {
    return Conditions.find(status.getConditions(), ConditionType.PASSWORD_LOGIN)
        .map(condition -> PasswordSetter.NOT_TRIED.equals(condition.getReason())).orElse(false);
  }

  /** When the password was set, or null before. */
  Instant passwordSetAt() {
    return status.getPasswordSetAt() == null ? null : Instant.parse(status.getPasswordSetAt());
  }

  void passwordLogin(PasswordSetter.PasswordLogin login) {
    set(ConditionType.PASSWORD_LOGIN, login.works() ? Conditions.TRUE : Conditions.FALSE, login.reason(),
        login.message());
  }

  void restartRequired(String reason, String message) {
    set(ConditionType.RESTART_REQUIRED, Conditions.TRUE, reason, message);
  }

  void waiting(String reason, String message) {
    set(ConditionType.COMPLETE, Conditions.FALSE, reason, message);
  }

  void succeeded(String message) {
    status.setPhase(ResetPhase.Succeeded);
    status.setCompletionTime(now());
    if (Conditions.find(status.getConditions(), ConditionType.RESTART_REQUIRED).isPresent()) {
      set(ConditionType.RESTART_REQUIRED, Conditions.FALSE, "Restarted", "the instance restarted after the password"
          + " was set");
    }
    set(ConditionType.COMPLETE, Conditions.TRUE, "Succeeded", message);
  }

  void failed(String reason, String message) {
    status.setPhase(ResetPhase.Failed);
    status.setCompletionTime(now());
    set(ConditionType.COMPLETE, Conditions.FALSE, reason, message);
    set(ConditionType.FAILED, Conditions.TRUE, reason, message);
  }

  private void set(String type, String conditionStatus, String reason, String message) {
    status.setConditions(conditions.set(status.getConditions(), reset, type, conditionStatus, reason, message));
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
