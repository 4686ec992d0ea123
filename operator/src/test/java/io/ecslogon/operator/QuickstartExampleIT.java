package io.ecslogon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.RepoRoot;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/quickstart/ applied as-is, against sandboxes on the ports the manifests name (so this
 * cannot run while hack/quickstart.sh is up), with the admin Secrets made as the quickstart makes
 * them.
 */
class QuickstartExampleIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web-1", 22221).ecsUser("web-2", 22222).build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(5));

  @Test
  void bothInstancesBecomeReady() throws IOException {
    KubernetesClient client = controlPlane.client();
    client.resource(KubeObjects.sshAuthSecret("default", "web-1-admin", sandboxes.get("web-1").adminPrivateKey())).create();
    client.resource(KubeObjects.sshAuthSecret("default", "web-2-admin", sandboxes.get("web-2").adminPrivateKey())).create();

    for (Path manifest : manifests()) {
      try (InputStream in = Files.newInputStream(manifest)) {
        client.load(in).inNamespace("default").create();
      }
    }

    for (String name : List.of("web-1", "web-2")) {
      EcsInstance ready = Awaitility.await(name + " Ready").atMost(Duration.ofSeconds(60))
          .until(() -> client.resources(EcsInstance.class).inNamespace("default").withName(name).get(),
              instance -> instance.getStatus() != null && instance.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
      assertThat(ready.getStatus().getHostKeyFingerprint()).isEqualTo(sandboxes.get(name).hostKeyFingerprint());
    }
  }

  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(RepoRoot.path().resolve("examples/quickstart"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
