package io.ecslogon.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ControlPlaneExtension#restartApiServer}: the API server is really down for a while (a
 * client polling it is refused), comes back on the same address with everything etcd holds, and an
 * informer started before the restart sees what is created after it.
 */
class ApiServerRestartIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @Test
  void theApiServerIsDownThenBackWithItsObjectsAndWatchesResume() {
    var configMaps = controlPlane.client().configMaps().inNamespace("default");
    configMaps.resource(configMap("before")).create();
    // Without the client's own retries, so that a request made while the server is down fails.
    Config once = Config.fromKubeconfig(controlPlane.kubeconfigYaml());
    once.setRequestRetryBackoffLimit(0);
    try (SharedIndexInformer<ConfigMap> informer = configMaps.inform();
        KubernetesClient probe = new KubernetesClientBuilder().withConfig(once).build()) {
      AtomicInteger refused = new AtomicInteger();
      AtomicBoolean restarting = new AtomicBoolean(true);
      CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
        while (restarting.get()) {
          try {
            probe.getKubernetesVersion();
          } catch (KubernetesClientException e) {
            refused.incrementAndGet();
          }
          sleep(100);
        }
      });

      controlPlane.restartApiServer(Duration.ofSeconds(1));
      restarting.set(false);
      poller.join();

      assertThat(refused.get()).as("requests refused while the API server was down").isPositive();
      assertThat(configMaps.withName("before").get()).as("what etcd held before the restart").isNotNull();
      configMaps.resource(configMap("after")).create();
      Awaitility.await("the informer's watch, resumed").atMost(Duration.ofSeconds(60))
          .until(() -> informer.getStore().getByKey("default/after") != null);
    }
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", name).build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
