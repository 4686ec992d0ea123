package io.ecslogon.operator.restart;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.RestartRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Optional;

/**
 * Restart requests travel as an annotation on the EcsInstance, so the request survives an operator
 * crash and the EcsInstance controller, the only writer of that instance's status, carries it out.
 * One request at a time per instance: a second requester waits until the first one is done.
 */
public final class RestartRequests {
  public static final String ANNOTATION = "ecslogon.io/restart-request";

  public enum Answer { ASKED, BUSY }

  private final KubernetesClient client;

  public RestartRequests(KubernetesClient client) {
    this.client = client;
  }

  /** The well-formed request the annotation holds; a malformed one is never acted on (see {@link #malformed}). */
  public static Optional<RestartRequest> pending(EcsInstance instance) {
    try {
      return annotation(instance).map(RestartRequest::parse);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why the annotation cannot be read as a request, if it is there and cannot. */
  public static Optional<String> malformed(EcsInstance instance) {
    try {
      annotation(instance).ifPresent(RestartRequest::parse);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("annotation " + ANNOTATION + " is not a restart request (" + e.getMessage()
          + "), so it was not acted on; remove it, or write {\"id\", \"requestedBy\", \"reason\"}");
    }
  }

  private static Optional<String> annotation(EcsInstance instance) {
    Map<String, String> annotations = instance.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(ANNOTATION));
  }

  /** Whether {@code instance}'s last restart was the one {@code requestId} asked for, and is done. */
  public static boolean completed(EcsInstance instance, String requestId) {
    RestartRecord last = instance.getStatus() == null ? null : instance.getStatus().getLastRestart();
    return last != null && requestId.equals(last.getRequestId()) && last.getCompletedAt() != null;
  }

  public Answer ask(EcsInstance instance, RestartRequest request) {
    Optional<RestartRequest> current = pending(instance);
    if (current.isPresent() && !current.get().id().equals(request.id())) {
      return Answer.BUSY;
    }
    if (current.isEmpty()) {
      patchAnnotation(instance, "\"" + escape(request.toJson()) + "\"");
    }
    return Answer.ASKED;
  }

  /** Removes the annotation once its request has been carried out (or was a repeat of one that was). */
  public void clear(EcsInstance instance) {
    patchAnnotation(instance, "null");
  }

  private void patchAnnotation(EcsInstance instance, String jsonValue) {
    client.resources(EcsInstance.class).inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":" + jsonValue + "}}}");
  }

  private static String escape(String json) {
    return json.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
