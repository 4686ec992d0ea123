package io.ecslogon.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.EcsLogonOperator;
import io.ecslogon.operator.OperatorConfig;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics, /healthz and /readyz of a running operator, scraped after it reconciled an instance. */
class MetricsIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web").build();

  private static final TestKube kube = new TestKube(controlPlane, "default");
  private static final HttpClient http = HttpClient.newHttpClient();
  private static EcsLogonOperator operator;

  @BeforeAll
  static void start() {
    operator = EcsLogonOperator.create(controlPlane.client(),
        OperatorConfig.defaults().withMetricsPort(0).withResyncInterval(Duration.ofSeconds(2)), Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.stop();
  }

  @Test
  void countersForReconcilesAndInstanceOperationsAppearAfterAReconcile() throws Exception {
    sandboxes.get("web").sh("useradd -m -s /bin/bash intruder").orThrow("an account nobody declared");
    kube.registerInstance("web", sandboxes.get("web"), "  compliance: {mode: Audit}\n");
    kube.await(EcsInstance.class, "web", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));

    String metrics = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> get("/metrics").body(),
        body -> body.contains("ecslogon_ssh_command_seconds_count")
            && body.contains("operator_sdk_reconciliations_success_total{group=\"ecslogon.io\",kind=\"EcsInstance\"")
            && body.matches("(?s).*ecslogon_compliance_findings\\{type=\"UnknownUser\"} [1-9].*"));

    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    // Reconcile counts and durations per resource kind, from java-operator-sdk's Micrometer support.
    assertThat(metrics).containsPattern("operator_sdk_reconciliations_success_total\\{group=\"ecslogon.io\","
        + "kind=\"EcsInstance\"[^}]*} [1-9]");
    assertThat(metrics).containsPattern("operator_sdk_controllers_execution_reconcile_seconds_count\\{"
        + "controller=\"ecsinstance\"[^}]*} [1-9]");
    assertThat(metrics).containsPattern("ecslogon_ssh_connect_seconds_count\\{outcome=\"connected\"} [1-9]");
    assertThat(metrics).containsPattern("ecslogon_ssh_command_seconds_count\\{outcome=\"ok\",program=\"sh\"} [1-9]");
    // Findings per type over every audited instance, read from the EcsInstance cache.
    assertThat(metrics).containsPattern("ecslogon_compliance_findings\\{type=\"UnknownUser\"} [1-9]")
        .contains("ecslogon_compliance_findings{type=\"UnrecognisedAuthorizedKey\"} 0.0");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.metricsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
