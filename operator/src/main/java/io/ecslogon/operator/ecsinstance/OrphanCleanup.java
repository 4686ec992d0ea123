package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.lockout.AdminAccess;

/**
 * Part of every EcsInstance visit: what the instance's inventory says the operator put there for
 * a LogonUser that no longer exists, or no longer targets the instance and has forgotten it did
 * (its status was lost), is removed. The owner's own reconcile cleans up in every other case.
 */
public interface OrphanCleanup {
  OrphanCleanup NONE = (instance, shell, admin, inventory) -> { };

  /** {@code inventory}: the inventory's text as the visit read it (empty when there is none). */
  void clean(EcsInstance instance, RemoteShell shell, AdminAccess admin, String inventory);
}
