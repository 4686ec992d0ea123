package io.ecslogon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * All four controllers are registered and answer: each kind, applied with a reference that does
 * not resolve, gets a condition saying so (their behaviour has its own ITs).
 */
class OperatorWiringIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(5));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "kind: EcsInstance~metadata: {name: web}~spec: {address: 127.0.0.1, adminCredentialsSecretRef: {name: none}}"
          + "|Ready|AdminSecretNotFound",
      "kind: KeyPair~metadata: {name: kp}~spec: {type: rsa, bits: 2048, secretName: kp-ssh-key}|Ready|Generated",
      "kind: LogonUser~metadata: {name: lu}~spec: {instanceRef: {name: none}, username: alice}|Ready|NoTargets",
      "kind: PasswordReset~metadata: {name: reset}~spec: {instanceRef: {name: none}, generate: true}"
          + "|Complete|InstanceNotFound"})
  void everyKindIsReconciled(String yaml, String conditionType, String reason) {
    KubernetesClient client = controlPlane.client();
    var created = client.resource(("apiVersion: ecslogon.io/v1alpha1~" + yaml).replace("~", "\n"))
        .inNamespace("default").create();

    Map<String, Object> condition = Awaitility.await(created.getKind() + " status").atMost(Duration.ofSeconds(30))
        .until(() -> condition((GenericKubernetesResource) client.resource(created).get(), conditionType),
            c -> c != null && reason.equals(c.get("reason")));

    assertThat(condition).containsEntry("observedGeneration", 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(GenericKubernetesResource resource, String type) {
    Map<String, Object> status = (Map<String, Object>) resource.getAdditionalProperties().get("status");
    if (status == null || status.get("conditions") == null) {
      return null;
    }
    return ((List<Map<String, Object>>) status.get("conditions")).stream()
        .filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
  }
}
