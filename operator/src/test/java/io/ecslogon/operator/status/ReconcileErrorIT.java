package io.ecslogon.operator.status;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.conditionOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exception that escapes a reconcile leaves a truthful, secret-free condition (reason
 * ReconcileError) instead of a stale one. The exceptions are real: the API server refuses the
 * operator's writes through ValidatingAdmissionPolicies, as a policy engine or a quota would.
 */
class ReconcileErrorIT {
  private static final String NS = "default";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  /**
   * Status writes to objects named refused-* are denied unless their Ready (EcsInstance) or
   * Complete (PasswordReset) condition says ReconcileError: the reconcile's own write fails, the
   * error status may pass.
   */
  @BeforeAll
  static void denyStatusWritesOfRefusedObjects() {
    EcsInstance probe = apply(EcsInstance.class, "kind: EcsInstance\nmetadata: {name: refused-probe}\nspec:\n  address: 127.0.0.1\n"
        + "  port: 1\n  adminUser: root\n  adminCredentialsSecretRef: {name: refused-probe-admin}\n");
    EcsInstance withStatus = awaitCondition(client(), probe, "Ready", "False", null);
    policy("refuse-status", "[\"ecslogon.io\"]", "[\"v1alpha1\"]", "[\"UPDATE\"]",
        "[\"ecsinstances/status\", \"passwordresets/status\"]",
        "!object.metadata.name.startsWith('refused-') || !has(object.status) || !has(object.status.conditions)"
            + " || object.status.conditions.all(c, !(c.type in ['Ready', 'Complete']) || c.reason == 'ReconcileError')");
    conditionOf(withStatus, "Ready").orElseThrow().setReason("Probe");
    awaitPolicyActive(() -> client().resource(withStatus).dryRun().patchStatus());
  }

  @Test
  void aKeyPairWhoseSecretCannotBeWrittenIsNoLongerReady() {
    KeyPair ready = awaitCondition(client(), apply(KeyPair.class, "kind: KeyPair\nmetadata: {name: no-secret}\nspec: {type: ed25519}\n"),
        "Ready", "True", "Generated");
    String privateKey = new String(Base64.getDecoder().decode(
        client().secrets().inNamespace(NS).withName("no-secret-ssh-key").get().getData().get("ssh-privatekey")));
    policy("refuse-keypair-secret", "[\"\"]", "[\"v1\"]", "[\"CREATE\"]", "[\"secrets\"]",
        "!has(object.metadata.labels) || !('ecslogon.io/keypair' in object.metadata.labels)"
            + " || object.metadata.labels['ecslogon.io/keypair'] != 'no-secret'");
    awaitPolicyActive(() -> client().resource(new SecretBuilder().withNewMetadata().withName("probe").withNamespace(NS)
        .addToLabels("ecslogon.io/keypair", "no-secret").endMetadata().build()).dryRun().create());

    // Its Secret is gone and a new one cannot be created: "key ... in Secret no-secret-ssh-key" would be a lie.
    client().secrets().inNamespace(NS).withName("no-secret-ssh-key").delete();

    KeyPair failed = awaitCondition(client(), ready, "Ready", "False", ReconcileErrors.REASON);
    Condition condition = conditionOf(failed, "Ready").orElseThrow();
    assertThat(condition.getMessage())
        .isEqualTo("reconcile failed with KubernetesClientException: the API server answered HTTP 403 Forbidden")
        .doesNotContain(privateKey.substring(40, 80));
    assertThat(KubeObjects.eventsFor(client(), failed)).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo(ReconcileErrors.REASON);
    });
  }

  @Test
  void anEcsInstanceWhoseStatusCannotBeWrittenSaysSo() {
    EcsInstance instance = apply(EcsInstance.class, "kind: EcsInstance\nmetadata: {name: refused-instance}\nspec:\n  address: 127.0.0.1\n"
        + "  port: 1\n  adminUser: root\n  adminCredentialsSecretRef: {name: refused-instance-admin}\n");

    EcsInstance failed = awaitCondition(client(), instance, "Ready", "False", ReconcileErrors.REASON);

    assertThat(conditionOf(failed, "Ready").orElseThrow().getMessage())
        .isEqualTo("reconcile failed with KubernetesClientException: the API server answered HTTP 403 Forbidden");
  }

  @Test
  void aPasswordResetWhoseStatusCannotBeWrittenSaysSoAndKeepsItsPhase() {
    PasswordReset reset = apply(PasswordReset.class, "kind: PasswordReset\nmetadata: {name: refused-reset}\nspec:\n"
        + "  instanceRef: {name: nowhere}\n  username: alice\n  generate: true\n");

    PasswordReset failed = awaitCondition(client(), reset, "Complete", "False", ReconcileErrors.REASON);

    assertThat(conditionOf(failed, "Complete").orElseThrow().getMessage())
        .isEqualTo("reconcile failed with KubernetesClientException: the API server answered HTTP 403 Forbidden");
    assertThat(failed.getStatus().getPhase().name()).isEqualTo("Pending");
    assertThat(KubeObjects.eventsFor(client(), failed)).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo(ReconcileErrors.REASON);
    });
  }

  private static void policy(String name, String apiGroups, String apiVersions, String operations, String resources,
      String allowed) {
    client().resource(Serialization.unmarshal("apiVersion: admissionregistration.k8s.io/v1\n"
        + "kind: ValidatingAdmissionPolicy\nmetadata: {name: " + name + "}\nspec:\n  failurePolicy: Fail\n"
        + "  matchConstraints:\n    resourceRules:\n    - apiGroups: " + apiGroups + "\n      apiVersions: "
        + apiVersions + "\n      operations: " + operations + "\n      resources: " + resources + "\n"
        + "  validations:\n  - expression: \"" + allowed + "\"\n    reason: Forbidden\n    message: refused by the test policy " + name + "\n",
        HasMetadata.class)).serverSideApply();
    client().resource(Serialization.unmarshal("apiVersion: admissionregistration.k8s.io/v1\n"
        + "kind: ValidatingAdmissionPolicyBinding\nmetadata: {name: " + name + "}\nspec:\n  policyName: " + name
        + "\n  validationActions: [Deny]\n", HasMetadata.class)).serverSideApply();
  }

  /** Policies take effect shortly after they are stored: until a dry run of a write they refuse fails. */
  private static void awaitPolicyActive(Runnable refusedWrite) {
    Awaitility.await("admission policy active").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          try {
            refusedWrite.run();
            return false;
          } catch (KubernetesClientException e) {
            return e.getCode() == 403 || e.getCode() == 422;
          }
        });
  }

  private static <T extends HasMetadata> T apply(Class<T> type, String yaml) {
    T object = Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\n" + yaml, type);
    object.getMetadata().setNamespace(NS);
    return client().resource(object).serverSideApply();
  }

  private static KubernetesClient client() {
    return controlPlane.client();
  }
}
