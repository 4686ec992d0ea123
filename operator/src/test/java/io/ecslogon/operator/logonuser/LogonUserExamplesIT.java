package io.ecslogon.operator.logonuser;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.RepoRoot;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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
import org.junit.jupiter.api.io.TempDir;

/** examples/logonusers/ applied as-is onto two instances shaped like the quickstart's web-1 and web-2. */
class LogonUserExamplesIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web-1").ecsUser("web-2").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(3));

  @TempDir
  Path dir;

  @Test
  void theFleetUserLogsOnEverywhereWithSudoAndAliceOnWeb1() throws IOException {
    KubernetesClient client = controlPlane.client();
    for (String name : List.of("web-1", "web-2")) {
      Sandbox sandbox = sandboxes.get(name);
      client.resource(KubeObjects.sshAuthSecret("default", name + "-admin", sandbox.adminPrivateKey())).create();
      client.resource(Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\nkind: EcsInstance\nmetadata:\n"
          + "  name: " + name + "\n  namespace: default\n  labels: {env: demo}\nspec:\n  address: 127.0.0.1\n  port: "
          + sandbox.port() + "\n  adminUser: " + sandbox.adminUser() + "\n  adminCredentialsSecretRef: {name: " + name
          + "-admin}\n" + TestKube.pinnedHostKey(sandbox), io.ecslogon.operator.api.v1alpha1.EcsInstance.class)).create();
    }
    for (Path manifest : manifests()) {
      try (InputStream in = Files.newInputStream(manifest)) {
        client.load(in).inNamespace("default").create();
      }
    }

    awaitReady(client, "deploy", "2/2");
    awaitReady(client, "alice", "1/1");
    awaitReady(client, "support", "1/1");
    assertThat(client.secrets().inNamespace("default").withName("support-password").get().getType())
        .isEqualTo("kubernetes.io/basic-auth");
    Path key = OpenSshTools.privateKeyFile(dir, client.secrets().inNamespace("default").withName("deploy-key-ssh-key").get());
    for (String name : List.of("web-1", "web-2")) {
      assertThat(Ssh.run(sandboxes.get(name), "deploy", key, "sudo -n true && echo ok").stdout()).contains("ok");
    }
    assertThat(sandboxes.get("web-1").exec("cat", "/home/alice/.ssh/authorized_keys").stdout())
        .contains("AAAAC3NzaC1lZDI1NTE5AAAAIHYpGNsBtU2PAdpuMuVzL8bD1x0H0Y1JJqMgWGpl8kVK");
    assertThat(sandboxes.get("web-2").exec("getent", "passwd", "alice").exitCode()).isNotZero();
  }

  private static void awaitReady(KubernetesClient client, String name, String ready) {
    Awaitility.await(name + " " + ready).atMost(Duration.ofSeconds(90)).until(
        () -> client.resources(LogonUser.class).inNamespace("default").withName(name).get(),
        user -> user.getStatus() != null && ready.equals(user.getStatus().getReady()));
  }


  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(RepoRoot.path().resolve("examples/logonusers"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
