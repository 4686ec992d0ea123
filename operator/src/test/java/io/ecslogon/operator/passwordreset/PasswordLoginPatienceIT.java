package io.ecslogon.operator.passwordreset;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.AdjustableClock;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.ChpasswdHook;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Enable's fresh password login when sshd never answers again: the reset waits with the password
 * set, then gives up after the login patience (10 minutes, reached here by moving the operator's
 * clock) and fails PasswordLoginNotTried, without running chpasswd a second time.
 */
class PasswordLoginPatienceIT {
  private static final AdjustableClock CLOCK = new AdjustableClock();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("silent").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2), CLOCK);

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @Test
  void aLoginSshdNeverAnswersFailsAfterThePatienceWithThePasswordSetOnce() {
    Sandbox sandbox = sandboxes.get("silent");
    sandbox.sh("useradd -m -s /bin/bash dave").orThrow("user");
    ChpasswdHook.afterFirstChpasswd(sandbox, "service ssh stop >/dev/null");
    kube.registerInstance("silent", sandbox, TestKube.pinnedHostKey(sandbox));

    kube.apply("kind: PasswordReset\nmetadata: {name: dave-silent}\nspec:\n  instanceRef: {name: silent}\n"
        + "  username: dave\n  generate: true\n  method: Online\n  sshPasswordAuthentication: Enable");
    PasswordReset waiting = kube.await(PasswordReset.class, "dave-silent", Duration.ofSeconds(60),
        r -> r.getStatus() != null && TestKube.has(r.getStatus().getConditions(), "PasswordLogin", "False",
            "NotTried"));
    assertThat(ChpasswdHook.fired(sandbox)).as("sshd stopped after chpasswd").isTrue();
    assertThat(waiting.getStatus().getPhase()).isNotEqualTo(ResetPhase.Failed);
    assertThat(waiting.getStatus().getPasswordSetAt()).isNotNull();

    CLOCK.advance(Duration.ofMinutes(11));
    PasswordReset failed = kube.await(PasswordReset.class, "dave-silent", Duration.ofSeconds(60),
        r -> r.getStatus() != null && r.getStatus().getPhase() == ResetPhase.Failed);

    assertThat(TestKube.has(failed.getStatus().getConditions(), "Complete", "False", "PasswordLoginNotTried"))
        .as("conditions %s", failed.getStatus().getConditions()).isTrue();
    assertThat(failed.getStatus().getPasswordSetAt()).isEqualTo(waiting.getStatus().getPasswordSetAt());
    assertThat(KubeObjects.eventsFor(kube.client(), failed)).filteredOn(e -> "PasswordSet".equals(e.getReason()))
        .hasSize(1);
  }
}
