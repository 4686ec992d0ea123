package io.ecslogon.operator;

import io.ecslogon.operator.api.v1alpha1.HasConditions;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.function.Supplier;

/**
 * The controller of a kind whose behaviour has not been built yet. It is registered so the kind
 * is watched and a user who applies one is told the truth, Ready=Unknown with reason
 * NotImplemented, instead of silence; it changes nothing anywhere else.
 */
public abstract class PendingFeatureReconciler<R extends CustomResource<?, S>, S extends HasConditions>
    implements Reconciler<R> {
  static final String NOT_IMPLEMENTED = "NotImplemented";

  private final Conditions conditions;
  private final Supplier<R> newResource;
  private final Supplier<S> newStatus;

  protected PendingFeatureReconciler(Conditions conditions, Supplier<R> newResource, Supplier<S> newStatus) {
    this.conditions = conditions;
    this.newResource = newResource;
    this.newStatus = newStatus;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    S current = resource.getStatus();
    boolean alreadyTold = current != null && Conditions.find(current.getConditions(), ConditionType.READY)
        .filter(ready -> NOT_IMPLEMENTED.equals(ready.getReason()))
        .filter(ready -> resource.getMetadata().getGeneration().equals(ready.getObservedGeneration()))
        .isPresent();
    if (alreadyTold) {
      return UpdateControl.noUpdate();
    }
    S status = newStatus.get();
    status.setConditions(conditions.set(current == null ? null : current.getConditions(), resource,
        ConditionType.READY, Conditions.UNKNOWN, NOT_IMPLEMENTED,
        "this version of ecs-logon-operator does not act on " + resource.getKind()
            + " objects yet; nothing was changed on any instance"));
    return StatusUpdates.patchIfChanged(resource, status, newResource);
  }
}
