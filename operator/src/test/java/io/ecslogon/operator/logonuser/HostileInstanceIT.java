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
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An instance whose users (or root) turn its files against the operator: a huge sparse
 * authorized_keys, a FIFO in its place, an unreadable one, a file the facts read that never ends.
 * Each is reported on the resource it concerns, nothing is written on the instance, the operator
 * keeps running and another instance it manages is not held up. The operator runs with a 3 s
 * command deadline so a hang is seen quickly.
 */
class HostileInstanceIT {
  private static final String NS = "default";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
  private static final String HAND_ADDED =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHYpGNsBtU2PAdpuMuVzL8bD1x0H0Y1JJqMgWGpl8kVK by-hand";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("hostile").root("neighbour").root("hanging").build();

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2),
      config -> config.withSshCommandLimits(COMMAND_TIMEOUT, 4 << 20));

  @BeforeAll
  static void instances() {
    for (String name : List.of("hostile", "neighbour", "hanging")) {
      kube.registerInstance(name, sandboxes.get(name), "");
    }
    for (String name : List.of("hostile", "neighbour", "hanging")) {
      kube.await(EcsInstance.class, name, i -> i.getStatus() != null && TestKube.has(i.getStatus().getConditions(),
          "Ready", "True", null));
    }
  }

  @Test
  void aTwoGibibyteSparseAuthorizedKeysIsRefusedAndAnotherInstanceIsUnaffected() {
    Sandbox hostile = sandboxes.get("hostile");
    userWithKey("bloat", "hostile", "Merge");
    // Costs the user no disk; read whole, it was an OutOfMemoryError that ended the operator.
    hostile.exec("truncate", "-s", "2G", "/home/bloat/.ssh/authorized_keys").orThrow("truncate");

    LogonUser refused = kube.await(LogonUser.class, "bloat", u -> ready(u, "False", "AuthorizedKeysRefused"));

    assertThat(readyCondition(refused).getMessage())
        .contains("hostile: user bloat: refusing ~/.ssh/authorized_keys: 2147483648 bytes, more than the 1048576 bytes")
        .contains("nothing was changed");
    assertThat(KubeObjects.eventsFor(kube.client(), refused)).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("AuthorizedKeysRefused");
    });
    assertThat(hostile.exec("stat", "-c", "%s", "/home/bloat/.ssh/authorized_keys").stdout().strip())
        .as("nothing written").isEqualTo("2147483648");
    // The operator is alive and its other instance converges.
    Sandbox neighbour = sandboxes.get("neighbour");
    userWithKey("calm", "neighbour", "Merge");
    kube.await(LogonUser.class, "calm", u -> ready(u, "True", "Ready"));
    assertThat(Ssh.run(neighbour, "calm", neighbour.adminKeyFile(), "true").exitCode()).isZero();
    assertThat(TestKube.has(kube.get(EcsInstance.class, "hostile").getStatus().getConditions(), "Ready", "True", null))
        .as("the instance itself is fine: only that user's file is refused").isTrue();
  }

  @Test
  void aFifoInPlaceOfAuthorizedKeysIsRefusedWithoutWaitingAndTheUserRecoversOnceItIsAFileAgain() {
    Sandbox hostile = sandboxes.get("hostile");
    userWithKey("piper", "hostile", "Exclusive");
    hostile.sh("cd /home/piper/.ssh && rm authorized_keys && runuser -u piper -- mkfifo authorized_keys")
        .orThrow("mkfifo");

    LogonUser refused = kube.await(LogonUser.class, "piper", u -> ready(u, "False", "AuthorizedKeysRefused"));

    assertThat(readyCondition(refused).getMessage()).contains("not a regular file");
    assertThat(hostile.exec("test", "-p", "/home/piper/.ssh/authorized_keys").exitCode()).as("left as it is").isZero();
    // Back to a plain (empty) file: the operator writes the declared key again.
    hostile.sh("cd /home/piper/.ssh && rm authorized_keys && runuser -u piper -- touch authorized_keys").orThrow("file");
    kube.await(LogonUser.class, "piper", u -> ready(u, "True", "Ready"));
    assertThat(Ssh.run(hostile, "piper", hostile.adminKeyFile(), "true").exitCode()).isZero();
  }

  @Test
  void anUnreadableAuthorizedKeysUnderMergeIsAnErrorAndItsLinesAreKept() {
    Sandbox hostile = sandboxes.get("hostile");
    userWithKey("hider", "hostile", "Merge");
    hostile.sh("echo '" + HAND_ADDED + "' >> /home/hider/.ssh/authorized_keys"
        + " && chmod 000 /home/hider/.ssh/authorized_keys").orThrow("hide");

    LogonUser refused = kube.await(LogonUser.class, "hider", u -> ready(u, "False", "AuthorizedKeysRefused"));

    assertThat(readyCondition(refused).getMessage()).contains("cannot read ~/.ssh/authorized_keys");
    String content = hostile.exec("cat", "/home/hider/.ssh/authorized_keys").stdout();
    assertThat(content).as("the hand-added line is not dropped").contains(HAND_ADDED);
    assertThat(content).contains(canonical(hostile.adminPublicKey()));
    hostile.exec("chmod", "600", "/home/hider/.ssh/authorized_keys").orThrow("chmod");
    kube.await(LogonUser.class, "hider", u -> ready(u, "True", "Ready"));
    assertThat(hostile.exec("cat", "/home/hider/.ssh/authorized_keys").stdout()).contains(HAND_ADDED);
  }

  @Test
  void aReadThatNeverEndsIsReportedAsCommandTimedOutAndTheInstanceRecovers() {
    Sandbox hanging = sandboxes.get("hanging");
    // As a hung network mount would: every visit reads /etc/os-release, and reading it now blocks.
    hanging.sh("mv /etc/os-release /root/os-release.saved && mkfifo /etc/os-release").orThrow("fifo");

    EcsInstance timedOut = kube.await(EcsInstance.class, "hanging", Duration.ofSeconds(60),
        i -> TestKube.has(i.getStatus().getConditions(), "Ready", "False", "CommandTimedOut"));

    assertThat(TestKube.condition(timedOut.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("did not finish within 3 s");
    // Meanwhile the neighbour is visited as usual, and a user there converges.
    userWithKey("busy", "neighbour", "Merge");
    kube.await(LogonUser.class, "busy", u -> ready(u, "True", "Ready"));
    // Once the file is back, the next visit logs on afresh and the instance is Ready again.
    hanging.sh("rm /etc/os-release && mv /root/os-release.saved /etc/os-release").orThrow("restore");
    kube.await(EcsInstance.class, "hanging", Duration.ofSeconds(60),
        i -> TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
  }

  private static void userWithKey(String name, String instance, String keyPolicy) {
    kube.apply("kind: LogonUser\nmetadata: {name: " + name + "}\nspec:\n  instanceRef: {name: " + instance + "}\n"
        + "  username: " + name + "\n  keyPolicy: " + keyPolicy + "\n  publicKeys: ['"
        + sandboxes.get(instance).adminPublicKey() + "']");
    kube.await(LogonUser.class, name, u -> ready(u, "True", "Ready"));
  }

  private static boolean ready(LogonUser user, String status, String reason) {
    return user.getStatus() != null && TestKube.has(user.getStatus().getConditions(), "Ready", status, reason);
  }

  private static Condition readyCondition(LogonUser user) {
    return TestKube.condition(user.getStatus().getConditions(), "Ready").orElseThrow();
  }

  /** Type and key without the comment, as the operator writes keys. */
  private static String canonical(String publicKeyLine) {
    String[] fields = publicKeyLine.split(" ");
    return fields[0] + " " + fields[1];
  }
}
