package io.ecslogon.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd + kube-apiserver for a test class, started by fabric8 kube-api-test in offline mode
 * from the binaries hack/provision-control-plane.sh provisions, with the committed CRDs installed,
 * and a kube-controller-manager beside them (namespace deletion, garbage collection).
 * (kube-api-test's own KUBE_API_TEST_OFFLINE_MODE variable cannot be used: its builder casts the
 * variable's text to Boolean and fails, so offline mode is set here in code.)
 */
public final class ControlPlaneExtension implements BeforeAllCallback, AfterAllCallback {
  private static final String VERSION = System.getProperty("ecslogon.kubeVersion", "1.34.4");

  private KubeAPIServer server;
  private ControllerManagerProcess controllerManager;
  private KubernetesClient client;
  private ApiServerRestarts restarts;

  public KubernetesClient client() {
    return client;
  }

  public String kubeconfigYaml() {
    return server.getKubeConfigYaml();
  }

  /**
   * Stops kube-apiserver, waits {@code down}, and starts it again with the same flags on the same
   * port (etcd keeps running); returns when it is ready again.
   */
  public synchronized void restartApiServer(Duration down) {
    if (restarts == null) {
      try {
        restarts = new ApiServerRestarts(server, Files.createTempDirectory("kube-apiserver-restarts"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    restarts.restart(down);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path binaries = Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", VERSION + "-linux-amd64");
    RequiredForIntegrationTests.require(Files.isExecutable(binaries.resolve("kube-apiserver")),
        "no control-plane binaries in " + binaries + ": run hack/provision-control-plane.sh");
    RequiredForIntegrationTests.require(Files.isExecutable(binaries.resolve("kube-controller-manager")),
        "no kube-controller-manager in " + binaries + ": run hack/provision-control-plane.sh");
    KubeAPIServerConfig config = new KubeAPIServerConfigBuilder()
        .withApiServerVersion(VERSION)
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .build();
    server = new KubeAPIServer(config);
    server.start();
    // kube-api-test signs service-account tokens with its API server key; the controller
    // manager needs the same key for the tokens it issues.
    CertManager certs = new CertManager(config.getKubeAPITestDir());
    controllerManager = ControllerManagerProcess.start(binaries.resolve("kube-controller-manager"),
        server.getKubeConfigYaml(), Path.of(certs.getAPIServerKeyPath()), Path.of(certs.getAPIServerCertPath()));
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    Crds.install(client);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (controllerManager != null) {
      controllerManager.close();
    }
    if (restarts != null) {
      // The API server started again is not kube-api-test's to stop.
      restarts.close();
    }
    if (server != null) {
      server.stop();
    }
  }
}
