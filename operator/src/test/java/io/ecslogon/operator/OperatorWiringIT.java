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
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * All four controllers are registered: the kinds whose behaviour is still to come answer with an
 * honest Ready=Unknown/NotImplemented instead of silence (EcsInstance, KeyPair and LogonUser have their own ITs).
 */
class OperatorWiringIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(5));

  @ParameterizedTest
  @ValueSource(strings = {
      "kind: PasswordReset\nmetadata: {name: reset, namespace: default}\nspec: {instanceRef: {name: web}, generate: true}"})
  void pendingKindsSayTheyDoNotActYet(String yaml) {
    KubernetesClient client = controlPlane.client();
    var created = client.resource("apiVersion: ecslogon.io/v1alpha1\n" + yaml).create();

    Map<String, Object> ready = Awaitility.await(created.getKind() + " status").atMost(Duration.ofSeconds(30))
        .until(() -> readyCondition((GenericKubernetesResource) client.resource(created).get()), c -> c != null);

    assertThat(ready).containsEntry("status", "Unknown").containsEntry("reason", "NotImplemented")
        .containsEntry("observedGeneration", 1);
    assertThat((String) ready.get("message")).contains("nothing was changed");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readyCondition(GenericKubernetesResource resource) {
    Map<String, Object> status = (Map<String, Object>) resource.getAdditionalProperties().get("status");
    if (status == null) {
      return null;
    }
    return ((List<Map<String, Object>>) status.get("conditions")).stream()
        .filter(c -> "Ready".equals(c.get("type"))).findFirst().orElse(null);
  }
}
