package io.ecslogon.operator.testing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ecslogon.operator.testing.audit.ExecveAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sandboxes behave like hosts where it matters to the operator, and are isolated. */
class SandboxIT {
  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web").ecsUser("app").build();

  @Test
  void adminLogsInWithTheGeneratedKeyAndSeesTheRecordedHostKey() {
    Sandbox web = sandboxes.get("web");
    assertThat(Ssh.asAdmin(web, "id -un").orThrow("ssh").stdout().strip()).isEqualTo("root");

    String presented = web.sh("ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub").stdout().split(" ")[1];
    assertThat(presented).isEqualTo(web.hostKeyFingerprint());
  }

  @Test
  void usersCreatedInsideDoNotTouchTheMachine() throws Exception {
    Sandbox web = sandboxes.get("web");
    Ssh.asAdmin(web, "useradd --create-home sandboxed-alice").orThrow("useradd");

    assertThat(web.exec("getent", "passwd", "sandboxed-alice").exitCode()).isZero();
    assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain("sandboxed-alice");
    assertThat(Path.of("/home/sandboxed-alice")).doesNotExist();
    assertThat(sandboxes.get("app").exec("getent", "passwd", "sandboxed-alice").exitCode())
        .as("another sandbox").isNotZero();
  }

  @Test
  void sshdReloadsKeepingItsPidAndRestartsWithANewOne() {
    Sandbox web = sandboxes.get("web");
    String before = web.sshdPid();

    Ssh.asAdmin(web, "service ssh reload").orThrow("reload");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Ssh.asAdmin(web, "true").exitCode() == 0);
    assertThat(web.sshdPid()).isEqualTo(before);

    Ssh.asAdmin(web, "service ssh restart").orThrow("restart");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Ssh.asAdmin(web, "true").exitCode() == 0);
    assertThat(web.sshdPid()).isNotEqualTo(before);
  }

  @Test
  void everyProgramRunThroughSshdIsAuditedWithItsArgvAcrossRestartsFromAnywhereAndReboots() {
    Sandbox web = sandboxes.get("web");
    Optional<ExecveAudit> audit = ExecveAudit.start();
    assumeTrue(audit.isPresent(), "no auditd or not root: the instances' argvs are not recorded");
    ExecveAudit.Mark before = audit.get().mark();
    Ssh.asAdmin(web, "echo traced-before-restart").orThrow("first session");
    Ssh.asAdmin(web, "service ssh restart").orThrow("restart");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Ssh.asAdmin(web, "true").exitCode() == 0);
    Ssh.asAdmin(web, "echo traced-after-restart").orThrow("after restart");
    web.sh("service ssh restart").orThrow("restart from outside, as a test's restartSshdWith does");
    assertThat(web.exec("cat", "/proc/" + web.sshdPid() + "/sessionid").orThrow("sshd's audit session").stdout().strip())
        .as("an sshd started from outside is in an audit session of its own, not the harness's")
        .isNotEqualTo(ownAuditSession());
    Ssh.asAdmin(web, "echo traced-after-outside-restart").orThrow("after a restart from outside");
    web.reboot();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> web.isRunning() && Ssh.asAdmin(web, "true").exitCode() == 0);
    Ssh.asAdmin(web, "echo traced-after-reboot").orThrow("after reboot");

    web.exec("echo", "run-from-outside").orThrow("a command from outside");

    List<String> commands = audit.get().since(before).stream().map(e -> String.join(" ", e.argv())).toList();
    assertThat(commands).contains("bash -c echo traced-before-restart", "bash -c echo traced-after-restart",
        "bash -c echo traced-after-outside-restart", "bash -c echo traced-after-reboot");
    assertThat(commands).as("what a test runs from outside is its own, not the instance's")
        .noneMatch(command -> command.contains("run-from-outside"));
  }

  private static String ownAuditSession() {
    try {
      return Files.readString(Path.of("/proc/self/sessionid")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rebootFromInsideRestartsEverythingWithANewBootId() {
    Sandbox web = sandboxes.get("web");
    String bootId = web.bootId();
    Ssh.asAdmin(web, "touch /run/marker /tmp/marker; nohup sleep 1000 >/dev/null 2>&1 </dev/null &").orThrow("prepare");

    Ssh.asAdmin(web, "reboot");

    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> web.isRunning() && Ssh.asAdmin(web, "true").exitCode() == 0);
    assertThat(web.bootId()).isNotEqualTo(bootId);
    assertThat(web.exec("ls", "/run/marker").exitCode()).as("/run cleared").isNotZero();
    assertThat(web.exec("ls", "/tmp/marker").exitCode()).as("/tmp cleared").isNotZero();
    assertThat(web.exec("pgrep", "-f", "sleep 1000").exitCode()).as("old processes gone").isNotZero();
    String presented = web.sh("ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub").stdout().split(" ")[1];
    assertThat(presented).as("same host key after reboot").isEqualTo(web.hostKeyFingerprint());
  }

  @Test
  void cloudImageVariantRefusesRootAndGivesEcsUserPasswordlessSudo() {
    Sandbox app = sandboxes.get("app");
    assertThat(Ssh.run(app, "root", app.adminKeyFile(), "true").exitCode()).isNotZero();
    assertThat(Ssh.asAdmin(app, "sudo -n true").exitCode()).isZero();
    assertThat(Ssh.asAdmin(app, "sudo -n sshd -T").stdout()).contains("permitrootlogin no");
  }
}
