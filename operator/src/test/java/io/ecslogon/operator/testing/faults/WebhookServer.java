package io.ecslogon.operator.testing.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** An HTTPS endpoint on 127.0.0.1 that answers AdmissionReviews (admission.k8s.io/v1). */
final class WebhookServer implements AutoCloseable {
  static final String PATH = "/validate";

  private final KubernetesSerialization json = new KubernetesSerialization();
  private final HttpsServer server;
  private final ExecutorService threads;
  private final Function<AdmissionRequest, AdmissionResponse> answers;

  private WebhookServer(HttpsServer server, ExecutorService threads,
      Function<AdmissionRequest, AdmissionResponse> answers) {
    this.server = server;
    this.threads = threads;
    this.answers = answers;
  }

  static WebhookServer start(LoopbackCertificate certificate, Function<AdmissionRequest, AdmissionResponse> answers) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
      // One thread per request: a slow answer must not hold up the others.
      ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "api-faults-webhook");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(threads);
      WebhookServer webhook = new WebhookServer(server, threads, answers);
      server.createContext(PATH, webhook::handle);
      server.start();
      return webhook;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      AdmissionReview review;
      try (InputStream body = exchange.getRequestBody()) {
        review = json.unmarshal(body, AdmissionReview.class);
      }
      AdmissionReview reply = new AdmissionReviewBuilder().withApiVersion("admission.k8s.io/v1")
          .withKind("AdmissionReview").withResponse(answers.apply(review.getRequest())).build();
      byte[] bytes = json.asJson(reply).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
