package io.ecslogon.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.function.Supplier;

/**
 * How every reconciler writes status: only when it changed (a steady-state resync writes nothing,
 * so GitOps tools see no churn), and as a server-side apply of an object that carries only its
 * identity and the status, so the operator never owns or touches a spec field.
 */
public final class StatusUpdates {
  private StatusUpdates() {}

  public static <R extends CustomResource<?, S>, S> UpdateControl<R> patchIfChanged(R resource, S next,
      Supplier<R> blank) {
    if (resource.getStatus() != null && sameJson(resource.getStatus(), next)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(statusOnly(resource, next, blank));
  }

  /**
   * The same, but written at once and handed to the controller's cache until the informer has it,
   * for a status the next visit reads as memory (an sshd change rolled back for this generation,
   * the users' previous results, the findings already announced): JOSDK 5.2 does not cache a
   * status patched through {@link UpdateControl}, so a visit that starts before the watch
   * delivers it would act on the status before (CI once saw an sshd rollback tried again that
   * way). Not {@code PrimaryUpdateAndCacheUtils}: its optimistic lock polls the informer for a
   * newer version after a conflict and timed out here (ComplianceAuditIT); a server-side apply
   * of the fields this controller owns needs no lock.
   */
  public static <R extends CustomResource<?, S>, S> UpdateControl<R> patchAndCacheIfChanged(R resource, S next,
      Supplier<R> blank, Context<R> context) {
    if (resource.getStatus() == null || !sameJson(resource.getStatus(), next)) {
      R written = context.getClient().resource(statusOnly(resource, next, blank)).subresource("status")
          .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY).withForce(true)
              .withFieldManager(context.getControllerConfiguration().fieldManager()).build());
      context.eventSourceRetriever().getControllerEventSource()
          .handleRecentResourceUpdate(ResourceID.fromResource(resource), written, resource);
    }
    return UpdateControl.noUpdate();
  }

  /** The same for {@code updateErrorStatus}: a retry that fails the same way writes nothing. */
  public static <R extends CustomResource<?, S>, S> ErrorStatusUpdateControl<R> errorPatchIfChanged(R resource, S next,
      Supplier<R> blank) {
    if (resource.getStatus() != null && sameJson(resource.getStatus(), next)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(statusOnly(resource, next, blank));
  }

  private static <R extends CustomResource<?, S>, S> R statusOnly(R resource, S next, Supplier<R> blank) {
    R patch = blank.get();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace())
        .build());
    patch.setStatus(next);
    return patch;
  }

  private static boolean sameJson(Object a, Object b) {
    return Serialization.jsonMapper().valueToTree(a).equals(Serialization.jsonMapper().valueToTree(b));
  }
}
