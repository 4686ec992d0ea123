package io.ecslogon.operator.status;

import io.ecslogon.operator.api.v1alpha1.HasConditions;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.secrets.SecretNotFoundException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.OperatorException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What an exception that escaped a reconcile leaves in status (through JOSDK's
 * {@code updateErrorStatus}): the condition a person watches set to False with reason
 * {@code ReconcileError}, instead of a stale True. The message names the exception's class and
 * says only what cannot carry a secret: the text of the operator's own exceptions (which by rule
 * never hold one), the HTTP code and reason of an API server refusal, and nothing of any other
 * exception, whose text a parser, a JSON mapper or a codec may have filled with the bytes it choked
 * on (a private key, a password, a passphrase). The full exception is in the operator's log.
 */
public final class ReconcileErrors {
  public static final String REASON = "ReconcileError";
  static final int MAX_MESSAGE = 300;

  private ReconcileErrors() {}

  /** The stored status (or a new one) with {@code conditionType} False, reason ReconcileError. */
  public static <R extends CustomResource<?, S>, S extends HasConditions> S statusAfter(R resource, Exception error,
      String conditionType, Conditions conditions, Supplier<S> empty) {
    S status = resource.getStatus() == null ? empty.get() : Serialization.clone(resource.getStatus());
    status.setConditions(conditions.set(status.getConditions(), resource, conditionType, Conditions.FALSE, REASON,
        message(error)));
    return status;
  }

  /** A secret-free description of an exception: its class and, where that is safe, its message. */
  public static String message(Throwable error) {
    Throwable cause = unwrap(error);
    String name = cause.getClass().getSimpleName();
    String detail = safeDetail(cause);
    String text = "reconcile failed with " + name + (detail == null ? "; details are in the operator's log" : ": " + detail);
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static String safeDetail(Throwable error) {
    if (error instanceof KubernetesClientException api) {
      String reason = api.getStatus() == null ? null : api.getStatus().getReason();
      return "the API server answered HTTP " + api.getCode() + (reason == null || reason.isBlank() ? "" : " " + reason);
    }
    boolean ownMessage = error instanceof HostException || error instanceof InvalidSecretException
        || error instanceof SecretNotFoundException || error instanceof SecretNotOptedInException;
    return ownMessage ? error.getMessage() : null;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    // JOSDK wraps what reconcile threw (OperatorException); key generation fails through a future.
    while ((current instanceof OperatorException || current instanceof CompletionException
        || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
