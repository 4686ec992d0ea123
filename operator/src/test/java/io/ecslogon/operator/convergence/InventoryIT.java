package io.ecslogon.operator.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.logonuser.LogonUserReconciler;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inventory on the instance drives clean-up: a renamed user, a LogonUser that went without
 * cleaning up, and two EcsInstances naming one host each clean up only what they put there.
 * Exclusive covers authorized_keys2, which sshd reads by default.
 */
class InventoryIT {
  private static final String NS = "default";
  private static final String INVENTORY = "/var/lib/ecs-logon-operator/users";
  private static final String STRAY_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHYpGNsBtU2PAdpuMuVzL8bD1x0H0Y1JJqMgWGpl8kVK stray";
  private static final String DECLARED_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM86xCXZp4OZPZnEBxw9XolIGhsig5CI5Wx/x+OzyBz/ declared";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("inv").root("shared").build();

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  @BeforeAll
  static void instances() {
    kube.registerInstance("inv", sandboxes.get("inv"), "");
    // Two EcsInstances, one host.
    kube.registerInstance("shared-a", sandboxes.get("shared"), "");
    kube.registerInstance("shared-b", sandboxes.get("shared"), "");
    for (String name : List.of("inv", "shared-a", "shared-b")) {
      kube.await(EcsInstance.class, name, i -> i.getStatus() != null
          && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    }
  }

  @Test
  void renamingTheUserRemovesTheOldOneAndItsSudoRule() {
    user("renamed", "inv", "alice", "sudo: passwordless\n  deletionPolicy: Delete\n");
    awaitReady("renamed");
    Sandbox inv = sandboxes.get("inv");
    assertThat(inv.exec("test", "-f", "/etc/sudoers.d/ecslogon-alice").exitCode()).isZero();

    kube.mergePatch(LogonUser.class, "renamed", "{\"spec\":{\"username\":\"bob\"}}");

    Awaitility.await("alice gone, bob there").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> inv.exec("getent", "passwd", "alice").exitCode() == 2
            && inv.exec("getent", "passwd", "bob").exitCode() == 0);
    assertThat(inv.exec("test", "-e", "/etc/sudoers.d/ecslogon-alice").exitCode()).as("old sudo rule gone").isNotZero();
    assertThat(inv.exec("cat", "/etc/sudoers.d/ecslogon-bob").stdout()).contains("NOPASSWD");
    assertThat(inv.exec("cat", INVENTORY).stdout()).contains("\tbob\t").doesNotContain("\talice\t");
    assertThat(KubeObjects.eventsFor(kube.client(), kube.get(LogonUser.class, "renamed")))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("deleted user alice", "(no longer declared)"));
  }

  @Test
  void aLogonUserThatWentWithoutCleaningUpIsCleanedUpByTheInstanceVisit() {
    user("forgotten", "inv", "carol", "sudo: passwordless\n  deletionPolicy: Delete\n");
    awaitReady("forgotten");
    Sandbox inv = sandboxes.get("inv");
    assertThat(inv.exec("getent", "passwd", "carol").exitCode()).isZero();

    // Its finalizer lets go without visiting the instance: nothing on the LogonUser side remembers carol.
    kube.mergePatch(LogonUser.class, "forgotten", "{\"metadata\":{\"annotations\":{\""
        + LogonUserReconciler.SKIP_CLEANUP + "\":\"true\"}}}");
    kube.client().resources(LogonUser.class).inNamespace(NS).withName("forgotten").delete();

    Awaitility.await("carol removed by the EcsInstance visit").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).until(() -> inv.exec("getent", "passwd", "carol").exitCode() == 2);
    assertThat(inv.exec("test", "-e", "/etc/sudoers.d/ecslogon-carol").exitCode()).isNotZero();
    assertThat(inv.exec("cat", INVENTORY).stdout()).doesNotContain("\tcarol\t");
    assertThat(KubeObjects.eventsFor(kube.client(), kube.get(EcsInstance.class, "inv")))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("deleted user carol", "default/forgotten"));
  }

  @Test
  void exclusiveEmptiesAuthorizedKeys2() {
    user("exclusive2", "inv", "dave", "keyPolicy: Exclusive\n  publicKeys: [\"" + DECLARED_KEY + "\"]\n");
    awaitReady("exclusive2");
    Sandbox inv = sandboxes.get("inv");
    // A key slipped in where sshd also reads keys (AuthorizedKeysFile's default second file).
    inv.sh("runuser -u dave -- sh -c 'echo \"" + STRAY_KEY + "\" > ~/.ssh/authorized_keys2'").orThrow("stray key");

    Awaitility.await("stray key removed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> !inv.exec("cat", "/home/dave/.ssh/authorized_keys2").stdout().contains("AAAAC3NzaC1lZDI1NTE5AAAAIHYp"));
    assertThat(inv.exec("cat", "/home/dave/.ssh/authorized_keys").stdout()).contains(DECLARED_KEY.substring(0, 60));
    assertThat(KubeObjects.eventsFor(kube.client(), kube.get(LogonUser.class, "exclusive2")))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("authorized_keys2", "Exclusive"));
  }

  @Test
  void twoEcsInstancesOnOneHostEachCleanUpOnlyWhatTheyPutThere() {
    user("on-a", "shared-a", "erin", "deletionPolicy: Delete\n");
    user("on-b", "shared-b", "frank", "deletionPolicy: Delete\n");
    awaitReady("on-a");
    awaitReady("on-b");
    Sandbox shared = sandboxes.get("shared");
    String inventory = shared.exec("cat", INVENTORY).stdout();
    assertThat(inventory).contains("default/on-a\terin", "default/on-b\tfrank");
    // Both EcsInstances keep visiting the host (resync 2 s); neither takes the other's user for a leftover.
    Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
        .until(() -> shared.exec("getent", "passwd", "erin").exitCode() == 0
            && shared.exec("getent", "passwd", "frank").exitCode() == 0);

    kube.client().resources(LogonUser.class).inNamespace(NS).withName("on-a").delete();
    Awaitility.await("erin removed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> shared.exec("getent", "passwd", "erin").exitCode() == 2);
    assertThat(shared.exec("getent", "passwd", "frank").exitCode()).as("frank stays").isZero();
  }

  private static void user(String name, String instance, String username, String extraSpec) {
    kube.apply("kind: LogonUser\nmetadata: {name: " + name + "}\nspec:\n  instanceRef: {name: " + instance + "}\n"
        + "  username: " + username + "\n  " + extraSpec);
  }

  private static void awaitReady(String name) {
    kube.await(LogonUser.class, name, Duration.ofSeconds(60), u -> u.getStatus() != null
        && TestKube.has(u.getStatus().getConditions(), "Ready", "True", null));
  }
}
