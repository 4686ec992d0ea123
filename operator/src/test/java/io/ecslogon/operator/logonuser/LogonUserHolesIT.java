package io.ecslogon.operator.logonuser;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A LogonUser is never reported Ready when the instance would not honour it: a directory given as
 * shell, a sudo rule in a directory sudo does not read, keys where sshd does not look, and a
 * password that a Match block refuses.
 */
class LogonUserHolesIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("holes").root("nosudoersd").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @BeforeAll
  static void instances() {
    Sandbox holes = sandboxes.get("holes");
    // At the end of the main file, so the Match blocks apply to their users only.
    holes.sh("mkdir -p /opt/dirshell /etc/ssh/keys"
        + " && printf 'Match User carol\\n  AuthorizedKeysFile /etc/ssh/keys/%%u\\nMatch User dave\\n"
        + "  PasswordAuthentication no\\n' >> /etc/ssh/sshd_config && service ssh reload").orThrow("image");
    sandboxes.get("nosudoersd").sh("sed -i '/includedir/d' /etc/sudoers").orThrow("sudoers without includedir");
    for (String name : new String[] {"holes", "nosudoersd"}) {
      Sandbox sandbox = sandboxes.get(name);
      kube.registerInstance(name, sandbox, "  hostKeyFingerprint: " + sandbox.hostKeyFingerprint() + "\n");
      kube.await(EcsInstance.class, name, i -> i.getStatus() != null
          && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    }
  }

  @Test
  void aDirectoryIsNoShell() {
    kube.apply("kind: LogonUser\nmetadata: {name: dirshell}\nspec:\n  instanceRef: {name: holes}\n"
        + "  username: dirshell\n  shell: /opt/dirshell");

    InstanceResult result = firstResult("dirshell");

    assertThat(result.getReason()).isEqualTo("ShellNotFound");
    assertThat(result.getMessage()).contains("/opt/dirshell is not an executable file");
    assertThat(sandboxes.get("holes").exec("getent", "passwd", "dirshell").exitCode()).isNotZero();
  }

  @Test
  void aSudoRuleIsRefusedWhereSudoersDoesNotIncludeSudoersD() {
    Sandbox sandbox = sandboxes.get("nosudoersd");
    kube.apply("kind: LogonUser\nmetadata: {name: sudoer}\nspec:\n  instanceRef: {name: nosudoersd}\n"
        + "  username: sudoer\n  sudo: passwordless");

    InstanceResult result = firstResult("sudoer");

    assertThat(result.getReason()).isEqualTo("SudoersDirNotIncluded");
    assertThat(result.getMessage()).contains("#includedir /etc/sudoers.d", "nothing was changed");
    assertThat(sandbox.exec("getent", "passwd", "sudoer").exitCode()).isNotZero();
    assertThat(sandbox.exec("test", "-e", "/etc/sudoers.d/ecslogon-sudoer").exitCode()).isNotZero();
  }

  @Test
  void keysAreRefusedWhereSshdReadsThemFromAnotherFile() {
    Sandbox sandbox = sandboxes.get("holes");
    kube.apply("kind: LogonUser\nmetadata: {name: carol}\nspec:\n  instanceRef: {name: holes}\n"
        + "  username: carol\n  publicKeys: ['" + sandbox.adminPublicKey().strip() + "']");

    InstanceResult result = firstResult("carol");

    assertThat(result.getReason()).isEqualTo("AuthorizedKeysFileNotRead");
    assertThat(result.getMessage()).contains("/etc/ssh/keys/%u", "sshd -T -C user=carol", "nothing was changed");
    assertThat(sandbox.exec("getent", "passwd", "carol").exitCode()).isNotZero();
  }

  @Test
  void aPasswordOnlyUserRefusedByAMatchBlockIsReported() {
    kube.apply("kind: LogonUser\nmetadata: {name: dave}\nspec:\n  instanceRef: {name: holes}\n"
        + "  username: dave\n  generatePassword: true");

    LogonUser user = kube.await(LogonUser.class, "dave", u -> u.getStatus() != null
        && TestKube.has(u.getStatus().getConditions(), "AuthMethodAllowed", "False", null));

    var condition = TestKube.condition(user.getStatus().getConditions(), "AuthMethodAllowed").orElseThrow();
    assertThat(condition.getReason()).isEqualTo("PasswordAuthenticationDisabled");
    assertThat(condition.getMessage()).contains("holes (PasswordAuthentication no (sshd -T -C user=dave))");
  }

  private static InstanceResult firstResult(String name) {
    return kube.await(LogonUser.class, name, u -> u.getStatus() != null && u.getStatus().getInstances() != null
        && !u.getStatus().getInstances().isEmpty()).getStatus().getInstances().get(0);
  }
}
