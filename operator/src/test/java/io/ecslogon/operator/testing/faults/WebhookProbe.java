package io.ecslogon.operator.testing.faults;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Tells when the API server has picked up (or dropped) the webhook: its configuration reaches the
 * admission chain asynchronously, after the create or delete returns. A probe is a dry-run create
 * of a Secret, which the API server sends to webhooks (they declare no side effects) but never
 * stores; the webhook always allows probes, whatever fault is in force.
 */
final class WebhookProbe {
  private static final String PREFIX = "api-faults-probe-";
  private static final String NAMESPACE = "default";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final KubernetesClient admin;
  private final LongSupplier probesSeen;

  WebhookProbe(KubernetesClient admin, LongSupplier probesSeen) {
    this.admin = admin;
    this.probesSeen = probesSeen;
  }

  static boolean isProbe(AdmissionRequest request) {
    return Boolean.TRUE.equals(request.getDryRun()) && request.getName() != null
        && request.getName().startsWith(PREFIX);
  }

  void awaitWebhookCalled() {
    awaitProbe(true, "the API server did not call the fault webhook within " + PATIENCE);
  }

  void awaitWebhookDropped() {
    awaitProbe(false, "the API server still calls the fault webhook " + PATIENCE + " after its configuration went");
  }

  private void awaitProbe(boolean reachesWebhook, String failure) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() - deadline < 0) {
      long before = probesSeen.getAsLong();
      admin.resource(probeSecret()).dryRun().create();
      if ((probesSeen.getAsLong() > before) == reachesWebhook) {
        return;
      }
      pause();
    }
    throw new IllegalStateException(failure);
  }

  private static Secret probeSecret() {
    return new SecretBuilder().withNewMetadata().withName(PREFIX + UUID.randomUUID()).withNamespace(NAMESPACE)
        .endMetadata().build();
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the fault webhook", e);
    }
  }
}
