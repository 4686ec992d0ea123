package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.convergence.InstanceUsers;
import io.ecslogon.operator.convergence.Inventory;
import io.ecslogon.operator.ecsinstance.EcsInstanceReconciler;
import io.ecslogon.operator.ecsinstance.OrphanCleanup;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.lockout.AdminAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes users the inventory attributes to LogonUsers that are gone, or that no longer target the
 * instance and do not list it in their status (so their own reconcile will not clean it): the case
 * of a LogonUser deleted while the operator was down and its finalizer removed by hand, or of a
 * status that was lost. Each owner is looked up fresh from the API server before anything is
 * removed, so a LogonUser the caches have not seen yet is never taken for a gone one. Events go to
 * the EcsInstance, since the LogonUser may no longer exist.
 */
public final class OrphanedUsers implements OrphanCleanup {
  private final KubernetesClient client;
  private final EventRecorder events;

  public OrphanedUsers(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public void clean(EcsInstance instance, RemoteShell shell, AdminAccess admin, String inventoryText) {
    String key = EcsInstanceReconciler.key(instance);
    Set<String> orphaned = new LinkedHashSet<>();
    for (Inventory.Entry entry : Inventory.parse(inventoryText).recordedBy(key)) {
      if (!orphaned.contains(entry.owner()) && isOrphaned(entry.owner(), instance)) {
        orphaned.add(entry.owner());
      }
    }
    if (orphaned.isEmpty()) {
      return;
    }
    InstanceUsers.Result run = new InstanceUsers(shell, admin, key).converge(List.of(), orphaned, List.of());
    for (InstanceUsers.Removal removal : run.removals()) {
      String whose = " (left by LogonUser " + removal.retired().owner() + ", which no longer manages this instance)";
      removal.changes().forEach(change -> events.normal(instance, "Removed", change + whose));
      if (removal.refusal() != null) {
        events.warning(instance, removal.refusal().reason(), removal.refusal().getMessage() + whose
            + "; left as it is");
      }
    }
  }

  private boolean isOrphaned(String owner, EcsInstance instance) {
    int slash = owner.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    LogonUser user = client.resources(LogonUser.class).inNamespace(owner.substring(0, slash))
        .withName(owner.substring(slash + 1)).get();
    if (user == null) {
      return true;
    }
    if (user.getMetadata().getDeletionTimestamp() != null || LogonUserTargets.targets(user, instance)) {
      return false;  // its own reconcile (or its finalizer) takes care of it
    }
    String name = instance.getMetadata().getName();
    boolean listed = user.getStatus() != null && user.getStatus().getInstances() != null
        && user.getStatus().getInstances().stream().anyMatch(result -> name.equals(result.getName()));
    return !listed;
  }
}
