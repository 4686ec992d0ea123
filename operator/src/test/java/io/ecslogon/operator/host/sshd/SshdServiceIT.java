package io.ecslogon.operator.host.sshd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.testing.sandbox.ExecResult;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sshd service is found, not assumed: the real Debian init script (as ssh, and renamed sshd),
 * nothing at all, and systemd. The sandbox cannot run systemd, so for that case alone a stand-in
 * systemctl that records its arguments is put first on PATH, under /run/systemd/system as on a
 * systemd host; everything else is the sandbox's real init script and sshd.
 */
class SshdServiceIT {
  private static final String FAKE_BIN = "/tmp/fakebin";

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("svc").build();

  @AfterEach
  void restore() {
    sandbox().sh("rm -rf /run/systemd " + FAKE_BIN + "; [ -e /etc/init.d/sshd ] && mv /etc/init.d/sshd /etc/init.d/ssh;"
        + " [ -e /root/ssh.init ] && mv /root/ssh.init /etc/init.d/ssh; true").orThrow("restore");
  }

  @Test
  void aDebianHostWithoutSystemdReloadsThroughItsInitScript() {
    String pidFileBefore = sandbox().exec("stat", "-c", "%y", "/run/sshd.pid").stdout();
    String pid = sandbox().sshdPid();

    SshdService service = SshdService.detect(shell()).orElseThrow();

    assertThat(service).isEqualTo(new SshdService(SshdService.Manager.INIT_SCRIPT, "ssh"));
    assertThat(service.reload(shell())).contains("reloaded");
    // SIGHUP: same listener pid, pid file written again by the re-executed sshd.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !sandbox().exec("stat", "-c", "%y", "/run/sshd.pid").stdout().equals(pidFileBefore));
    assertThat(sandbox().sshdPid()).isEqualTo(pid);
  }

  @Test
  void anInitScriptNamedSshdIsFound() {
    sandbox().exec("mv", "/etc/init.d/ssh", "/etc/init.d/sshd").orThrow("rename");

    SshdService service = SshdService.detect(shell()).orElseThrow();

    assertThat(service).isEqualTo(new SshdService(SshdService.Manager.INIT_SCRIPT, "sshd"));
    assertThat(service.reload(shell())).contains("reloaded");
  }

  @Test
  void noServiceAtAllIsSaidSoRatherThanGuessed() {
    sandbox().exec("mv", "/etc/init.d/ssh", "/root/ssh.init").orThrow("remove");

    assertThat(SshdService.detect(shell())).isEmpty();
  }

  @Test
  void underSystemdTheUnitThatExistsIsReloadedWithSystemctl() {
    sandbox().sh("mkdir -p /run/systemd/system " + FAKE_BIN + " && printf '%s\\n' '#!/bin/sh'"
        + " 'echo \"$*\" >> " + FAKE_BIN + "/calls'"
        + " 'case \"$*\" in \"cat sshd.service\"|\"reload sshd.service\") exit 0;; *) exit 1;; esac'"
        + " > " + FAKE_BIN + "/systemctl && chmod +x " + FAKE_BIN + "/systemctl").orThrow("stand-in systemctl");

    SshdService service = SshdService.detect(shell()).orElseThrow();

    assertThat(service).isEqualTo(new SshdService(SshdService.Manager.SYSTEMD, "sshd"));
    assertThat(service.reload(shell())).contains("reloaded");
    assertThat(sandbox().exec("cat", FAKE_BIN + "/calls").stdout())
        .isEqualTo("cat ssh.service\ncat sshd.service\nreload sshd.service\n");
  }

  private static Sandbox sandbox() {
    return sandboxes.get("svc");
  }

  /** Commands run inside the sandbox as root, with the stand-in directory first on PATH. */
  private static RemoteShell shell() {
    return command -> {
      List<String> argv = new ArrayList<>(List.of("env", "PATH=" + FAKE_BIN + ":/usr/sbin:/usr/bin:/sbin:/bin"));
      argv.addAll(command.argv());
      ExecResult result = sandbox().execWithStdin(command.stdin(), argv.toArray(String[]::new));
      return new CommandResult(result.exitCode(), result.stdout(), result.stderr());
    };
  }
}
