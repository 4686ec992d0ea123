package io.ecslogon.operator.passwordreset;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorProcess;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator, run from the shipped jar, is killed with SIGKILL while an offline reset waits for
 * its restart; a new operator process finishes the reset with the password from the Secret and
 * without restarting the instance a second time.
 */
class OfflineResetCrashIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("crash").build();

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @TempDir
  Path dir;

  @Test
  void aKillWhileWaitingForTheRestartEndsSucceededWithNoSecondRestart() {
    Sandbox sandbox = sandboxes.get("crash");
    sandbox.sh("useradd -m -s /bin/bash dave").orThrow("user");
    long boots = Boots.count(sandbox);
    long rebootsBefore = Boots.rebootsBegun(sandbox);
    kube.registerInstance("crash", sandbox, TestKube.pinnedHostKey(sandbox) + "  restartPolicy: IfRequired\n");

    OperatorProcess first = OperatorProcess.start(controlPlane, dir, "first");
    kube.apply("kind: PasswordReset\nmetadata: {name: dave-offline}\nspec:\n  instanceRef: {name: crash}\n"
        + "  username: dave\n  generate: true\n  method: Offline");
    Awaitility.await("the restart begins").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
        .until(() -> Boots.rebootsBegun(sandbox) > rebootsBefore);
    first.kill();

    PasswordReset atKill = kube.get(PasswordReset.class, "dave-offline");
    assertThat(atKill.getStatus().getPhase()).isEqualTo(ResetPhase.Running);
    assertThat(kube.get(EcsInstance.class, "crash").getStatus().getLastRestart().getCompletedAt()).isNull();

    OperatorProcess second = OperatorProcess.start(controlPlane, dir, "second");
    try {
      PasswordReset done = kube.await(PasswordReset.class, "dave-offline", Duration.ofSeconds(90),
          r -> r.getStatus() != null && r.getStatus().getPhase() == ResetPhase.Succeeded);
      String password = new String(Base64.getDecoder().decode(kube.client().secrets().inNamespace("default")
          .withName(done.getStatus().getSecretName()).get().getData().get("password")));

      assertThat(Ssh.passwordLogin(sandbox, "dave", password)).isTrue();
      Awaitility.await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
      assertThat(Boots.count(sandbox) - boots).as("exactly one restart across both operators").isEqualTo(1);
      assertThat(kube.get(EcsInstance.class, "crash").getStatus().getLastRestart().getCompletedAt()).isNotNull();
      assertThat(first.log() + second.log()).contains("dave-offline").doesNotContain(password);
    } finally {
      second.kill();
    }
  }
}
