package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.convergence.AuthMethods;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A LogonUser's per-instance results, read from what each instance reported at its last visit.
 * A report counts only while it is current: for this generation of the spec, these keys (a
 * rotated KeyPair changes them without a new generation) and this password version. Until then
 * the instance is Pending: its visit has been asked for and will report.
 */
final class InstanceReports {
  static final String PENDING = "Pending";

  private final LogonUser user;
  private final List<String> fingerprints;
  private final Optional<String> passwordVersion;
  private final Map<String, AuthMethods> authMethods = new TreeMap<>();

  InstanceReports(LogonUser user, DesiredUser desired, Optional<String> passwordVersion) {
    this.user = user;
    this.fingerprints = DesiredUsers.fingerprints(desired);
    this.passwordVersion = passwordVersion;
  }

  /** A targeted instance. */
  InstanceResult of(EcsInstance instance) {
    String name = instance.getMetadata().getName();
    if (!InstanceAccess.isReady(instance)) {
      // The instance's own reason: its visit is where this user's work runs, so a command that timed
      // out there (CommandTimedOut), or an unreachable host, is this user's reason too.
      Optional<Condition> ready = instance.getStatus() == null ? Optional.empty()
          : Conditions.find(instance.getStatus().getConditions(), ConditionType.READY);
      return result(name, false, ready.map(Condition::getReason).orElse("InstanceNotReady"), "waiting for EcsInstance "
          + name + " to be Ready" + ready.map(c -> " (" + c.getMessage() + ")").orElse(""), null);
    }
    InstanceUserResult reported = InstancePlan.previous(instance, user).orElse(null);
    if (reported == null || !current(reported)) {
      InstanceResult pending = result(name, false, PENDING, "waiting for EcsInstance " + name + " to apply generation "
          + user.getMetadata().getGeneration(), reported == null ? null : reported.getKeyFingerprints());
      pending.setPasswordVersion(reported == null ? null : reported.getPasswordVersion());
      return pending;
    }
    if (Boolean.TRUE.equals(reported.getReady())) {
      authMethods.put(name, new AuthMethods(reported.getKeysRefused(), reported.getPasswordsRefused()));
    }
    InstanceResult result = result(name, Boolean.TRUE.equals(reported.getReady()), reported.getReason(),
        reported.getMessage(), reported.getKeyFingerprints());
    result.setPasswordVersion(reported.getPasswordVersion());
    return result;
  }

  /** An instance no longer targeted that still reports the user: being cleaned up. */
  InstanceResult leaving(EcsInstance instance) {
    String name = instance.getMetadata().getName();
    InstanceUserResult reported = InstancePlan.previous(instance, user).orElseThrow();
    String problem = InstanceUserResults.CLEANUP_PENDING.equals(reported.getReason()) ? reported.getMessage()
        : "waiting for EcsInstance " + name + " to remove it";
    return result(name, false, InstanceUserResults.CLEANUP_PENDING, "no longer targeted, but cannot be cleaned up"
        + " yet: " + problem, null);
  }

  /** sshd's refusals per instance, from the current reports that were applied. */
  Map<String, AuthMethods> authMethods() {
    return authMethods;
  }

  private boolean current(InstanceUserResult reported) {
    if (!Objects.equals(reported.getObservedGeneration(), user.getMetadata().getGeneration())) {
      return false;
    }
    if (!Boolean.TRUE.equals(reported.getReady())) {
      return true;  // a refusal or failure for this generation is the answer
    }
    List<String> keys = reported.getKeyFingerprints() == null ? List.of() : reported.getKeyFingerprints();
    return new HashSet<>(keys).equals(new HashSet<>(fingerprints))
        && Objects.equals(reported.getPasswordVersion(), passwordVersion.orElse(null));
  }

  private static InstanceResult result(String name, boolean ready, String reason, String message,
      List<String> fingerprints) {
    InstanceResult result = new InstanceResult();
    result.setName(name);
    result.setReady(ready);
    result.setReason(reason);
    result.setMessage(message);
    result.setKeyFingerprints(fingerprints);
    return result;
  }
}
