package io.ecslogon.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
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
