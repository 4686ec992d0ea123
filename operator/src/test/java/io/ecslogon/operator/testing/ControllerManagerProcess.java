package io.ecslogon.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * kube-controller-manager beside the test API server, so that the control plane behaves like a
 * cluster: namespaces finish deleting and owned objects are garbage-collected (tests observe the
 * collection instead of asserting ownerReferences). Only the controllers a cluster without nodes
 * needs run; it acts with the admin kubeconfig. No delegated authentication: kube-api-test's API
 * server has no request-header CA, and with delegation on the controller manager's /healthz would
 * never answer; /healthz needs no authentication anyway.
 */
final class ControllerManagerProcess implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;

  private ControllerManagerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ControllerManagerProcess start(Path binary, String kubeconfigYaml, Path serviceAccountKey, Path rootCa) {
    try {
      Path work = Files.createTempDirectory("ecslogon-kcm-");
      Path kubeconfig = Files.writeString(work.resolve("kubeconfig"), kubeconfigYaml);
      int port = freePort();
      Path log = work.resolve("kube-controller-manager.log");
      Process process = new ProcessBuilder(List.of(binary.toString(),
          "--kubeconfig", kubeconfig.toString(),
          "--service-account-private-key-file", serviceAccountKey.toString(),
          "--root-ca-file", rootCa.toString(),
          "--leader-elect=false",
          "--controllers", "namespace,garbagecollector,serviceaccount,serviceaccount-token",
          "--bind-address", "127.0.0.1", "--secure-port", Integer.toString(port),
          "--cert-dir", work.resolve("certs").toString()))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ControllerManagerProcess manager = new ControllerManagerProcess(process, log);
      manager.awaitHealthy(port);
      return manager;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy(int port) {
    // HTTP/1.1: the JDK client's HTTP/2 upgrade is answered with GOAWAY by Go's server here.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingContext())
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest healthz = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("kube-controller-manager exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(Duration.ofMillis(200));
    }
    close();
    throw new IllegalStateException("kube-controller-manager not healthy within " + READY_WITHIN + "; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // Its serving certificate is self-signed in --cert-dir and names no IP; /healthz carries no
  // secret, so the health probe neither verifies the certificate nor the host name (an
  // X509ExtendedTrustManager, or the JDK adds a host-name check of its own).
  private static SSLContext trustingContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class TrustingManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
