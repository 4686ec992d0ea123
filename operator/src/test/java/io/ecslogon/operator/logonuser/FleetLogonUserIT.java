package io.ecslogon.operator.logonuser;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet LogonUser works on its instances at once, not one after another: with the first
 * instance (in name order) stuck until the command deadline, the others are done long before it.
 */
class FleetLogonUserIT {
  private static final String NS = "default";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
  private static final List<String> FLEET = List.of("a-stuck", "b", "c", "d");

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("a-stuck").root("b").root("c").root("d").build();

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(30),
      config -> config.withSshCommandLimits(COMMAND_TIMEOUT, 4 << 20));

  @BeforeAll
  static void instances() {
    for (String name : FLEET) {
      kube.registerInstance(name, sandboxes.get(name), "");
      kube.mergePatch(EcsInstance.class, name, "{\"metadata\":{\"labels\":{\"fleet\":\"parallel\"}}}");
    }
    for (String name : FLEET) {
      kube.await(EcsInstance.class, name, i -> i.getStatus() != null
          && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    }
  }

  @Test
  void theOtherInstancesConvergeWhileOneIsStuck() {
    Sandbox stuck = sandboxes.get("a-stuck");
    // Reading /etc/sudoers now blocks (as on a hung mount): only the users' work reads it.
    stuck.sh("mv /etc/sudoers /root/sudoers.saved && mkfifo /etc/sudoers").orThrow("fifo");
    try {
      Instant applied = Instant.now();
      kube.apply("kind: LogonUser\nmetadata: {name: fleet}\nspec:\n  instanceSelector: {matchLabels: {fleet: parallel}}\n"
          + "  username: fleeter\n  sudo: passwordless\n");

      // A visit records its Event after its last command, a moment after the account exists:
      // both are awaited, and both must come well before the stuck instance's deadline.
      Awaitility.await("b, c and d converged and reported").atMost(COMMAND_TIMEOUT.minusSeconds(5))
          .pollInterval(Duration.ofMillis(300))
          .until(() -> List.of("b", "c", "d").stream()
              .allMatch(name -> sandboxes.get(name).exec("getent", "passwd", "fleeter").exitCode() == 0)
              && createdEvents() == 3);
      Duration took = Duration.between(applied, Instant.now());
      assertThat(took).as("not behind the stuck instance's %s deadline", COMMAND_TIMEOUT)
          .isLessThan(COMMAND_TIMEOUT.minusSeconds(5));

      // The others report at once; the stuck one once its visit's command reached the deadline.
      LogonUser reported = kube.await(LogonUser.class, "fleet", Duration.ofSeconds(60), u -> u.getStatus() != null
          && "3/4".equals(u.getStatus().getReady()) && u.getStatus().getInstances().stream()
              .anyMatch(r -> r.getName().equals("a-stuck") && !"Pending".equals(r.getReason())));
      assertThat(reported.getStatus().getInstances()).filteredOn(r -> r.getName().equals("a-stuck"))
          .singleElement().satisfies(r -> assertThat(r.getReason()).isEqualTo("CommandTimedOut"));
    } finally {
      stuck.sh("rm -f /etc/sudoers && mv /root/sudoers.saved /etc/sudoers").orThrow("restore");
    }
    kube.await(LogonUser.class, "fleet", Duration.ofSeconds(90), u -> "4/4".equals(u.getStatus().getReady()));
  }

  private static long createdEvents() {
    return KubeObjects.eventsFor(kube.client(), kube.get(LogonUser.class, "fleet")).stream()
        .filter(e -> e.getMessage().startsWith("created user fleeter on ")).count();
  }
}
