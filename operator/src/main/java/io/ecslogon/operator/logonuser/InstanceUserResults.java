package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.api.v1alpha1.LogonUser;

/** Building the entries of an EcsInstance's status.users. */
final class InstanceUserResults {
  /** Left on the instance after a removal that failed: listed so the LogonUser's finalizer waits. */
  static final String CLEANUP_PENDING = "CleanupPending";

  private InstanceUserResults() {}

  static InstanceUserResult of(LogonUser user, boolean ready, String reason, String message) {
    InstanceUserResult result = new InstanceUserResult();
    result.setLogonUser(user.getMetadata().getName());
    result.setUsername(user.getSpec().getUsername());
    result.setObservedGeneration(user.getMetadata().getGeneration());
    result.setReady(ready);
    result.setReason(reason);
    result.setMessage(message);
    return result;
  }

  /** Not applied this time; the password version last set there is still what the instance has. */
  static InstanceUserResult notApplied(LogonUser user, String reason, String message, InstanceUserResult previous) {
    InstanceUserResult result = of(user, false, reason, message);
    result.setPasswordVersion(previous == null ? null : previous.getPasswordVersion());
    return result;
  }
}
