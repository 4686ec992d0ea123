package io.ecslogon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.ExampleManifests;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/quickstart/ applied as hack/quickstart.sh applies it (admin Secrets made from the
 * sandboxes' keys the same way), on sandboxes at free ports: the EcsInstances' spec.port is
 * rewritten, so this runs while the quickstart itself is up. It checks what the quickstart shows:
 * both instances Ready, the KeyPair Ready, the LogonUser 2/2, and a login as ops with the key taken
 * from the KeyPair's Secret, with passwordless sudo.
 */
class QuickstartExampleIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web-1").ecsUser("web-2").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(5));

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @TempDir
  Path dir;

  @Test
  void bothInstancesBecomeReadyAndOpsLogsOnToBothWithTheGeneratedKey() throws Exception {
    Map<String, Sandbox> instances = Map.of("web-1", sandboxes.get("web-1"), "web-2", sandboxes.get("web-2"));
    instances.forEach((name, sandbox) -> kube.client()
        .resource(KubeObjects.sshAuthSecret("default", name + "-admin", sandbox.adminPrivateKey())).create());

    new ExampleManifests(kube.client(), "default", instances).apply("examples/quickstart");

    for (String name : List.of("web-1", "web-2")) {
      EcsInstance ready = kube.await(EcsInstance.class, name, Duration.ofSeconds(60),
          i -> i.getStatus() != null && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
      assertThat(ready.getStatus().getHostKeyFingerprint()).isEqualTo(instances.get(name).hostKeyFingerprint());
    }
    kube.await(KeyPair.class, "ops-key", k -> k.getStatus() != null
        && TestKube.has(k.getStatus().getConditions(), "Ready", "True", null));
    LogonUser ops = kube.await(LogonUser.class, "ops", Duration.ofSeconds(90),
        u -> u.getStatus() != null && "2/2".equals(u.getStatus().getReady()));
    assertThat(TestKube.has(ops.getStatus().getConditions(), "Ready", "True", null)).isTrue();

    Path key = OpenSshTools.privateKeyFile(dir, kube.client().secrets().inNamespace("default").withName("ops-key-ssh-key").get());
    for (String name : List.of("web-1", "web-2")) {
      assertThat(Ssh.run(instances.get(name), "ops", key, "echo \"$(id -un)@$(hostname)\"; sudo -n true && echo sudo-ok")
          .stdout()).contains("ops@", "sudo-ok");
    }
  }
}
