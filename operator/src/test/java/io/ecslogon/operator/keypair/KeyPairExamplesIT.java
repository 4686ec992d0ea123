package io.ecslogon.operator.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.RepoRoot;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** examples/keypairs/ applied as-is (with the passphrase Secret its README says to create). */
class KeyPairExamplesIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(5));

  @Test
  void everyExampleBecomesReadyAsDescribed() throws IOException {
    KubernetesClient client = controlPlane.client();
    client.resource(new SecretBuilder().withNewMetadata().withName("ci-key-passphrase").withNamespace("default")
        .addToLabels(KubeObjects.USAGE, "passphrase").endMetadata().addToStringData("passphrase", UUID.randomUUID().toString()).build()).create();
    for (Path manifest : manifests()) {
      try (InputStream in = Files.newInputStream(manifest)) {
        client.load(in).inNamespace("default").create();
      }
    }

    Map<String, String> expectedReasons = Map.of("deploy-key", "Generated", "ci-key", "Generated",
        "alice-laptop", "Imported", "rotating-key", "Generated", "break-glass", "Generated");
    expectedReasons.forEach((name, reason) -> {
      KeyPair ready = Awaitility.await(name).atMost(Duration.ofSeconds(60)).until(
          () -> client.resources(KeyPair.class).inNamespace("default").withName(name).get(),
          kp -> kp.getStatus() != null && kp.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
      assertThat(ready.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason()).isEqualTo(reason));
    });
    assertThat(client.secrets().inNamespace("default").withName("ci-ssh-key").get().getMetadata().getLabels())
        .containsEntry("team", "platform");
    assertThat(client.resources(KeyPair.class).inNamespace("default").withName("ci-key").get().getStatus().getBits())
        .isEqualTo(4096);
    assertThat(client.resources(KeyPair.class).inNamespace("default").withName("break-glass").get().getStatus()
        .getExpiresAt()).isNotNull();
  }

  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(RepoRoot.path().resolve("examples/keypairs"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
