package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.restart.RestartRequest;
import io.ecslogon.operator.restart.RestartRequests;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The restart half of an offline reset, through the shared restart component. The request's id
 * is the PasswordReset's UID, so however often it is repeated (after a crash, or from a stale
 * copy) the instance restarts for it once. It is done when the instance is Ready again under a
 * boot ID other than the one recorded when the password was set, whoever restarted it.
 */
final class OfflineRestart {
  private final RestartRequests requests;

  OfflineRestart(KubernetesClient client) {
    this.requests = new RestartRequests(client);
  }

  record Waiting(String reason, String message) {}

  boolean happenedSince(PasswordReset reset, EcsInstance instance, String bootIdWhenSet) {
    if (!InstanceAccess.isReady(instance)) {
      return false;
    }
    String bootId = instance.getStatus().getFacts() == null ? null : instance.getStatus().getFacts().getBootId();
    return RestartRequests.completed(instance, reset.getMetadata().getUid())
        || (bootId != null && bootIdWhenSet != null && !bootId.equals(bootIdWhenSet));
  }

  /**
   * A Console reset knows no boot ID (nothing logged on when the password was set), and a restart
   * before ECS took the password would not apply it: only the restart it asked for counts, confirmed
   * by a new boot ID or, on an instance the operator cannot log on to, by ECS (docs/sshd.md#restarts).
   */
  boolean askedForAndDone(PasswordReset reset, EcsInstance instance) {
    return RestartRequests.completed(instance, reset.getMetadata().getUid());
  }

  Waiting ask(PasswordReset reset, EcsInstance instance, String username) {
    return ask(reset, instance, username, "or restart it yourself");
  }

  /** @param otherWay what else, besides IfRequired, lets the reset finish under restartPolicy Never */
  Waiting ask(PasswordReset reset, EcsInstance instance, String username, String otherWay) {
    RestartRequest request = new RestartRequest(reset.getMetadata().getUid(),
        "PasswordReset/" + reset.getMetadata().getName(), "offline password reset of " + username);
    String name = instance.getMetadata().getName();
    if (requests.ask(instance, request) == RestartRequests.Answer.BUSY) {
      return new Waiting("WaitingForAnotherRestart", "EcsInstance " + name + " is carrying out another restart"
          + " request; this one follows");
    }
    return Conditions.find(instance.getStatus() == null ? null : instance.getStatus().getConditions(),
            ConditionType.RESTART_REQUIRED)
        .filter(condition -> "RestartNotAllowed".equals(condition.getReason()))
        .map(condition -> new Waiting("RestartNotAllowed", "the password is set; EcsInstance " + name
            + " must restart for the offline reset to finish, and its spec.restartPolicy is Never: set IfRequired, "
            + otherWay))
        .orElseGet(() -> new Waiting("Restarting", "the password is set; waiting for EcsInstance " + name
            + " to restart"));
  }

  /** The request is no longer needed (also when the instance was restarted by hand under Never). */
  void forget(PasswordReset reset, EcsInstance instance) {
    RestartRequests.pending(instance)
        .filter(request -> request.id().equals(reset.getMetadata().getUid()))
        .ifPresent(request -> requests.clear(instance));
  }
}
