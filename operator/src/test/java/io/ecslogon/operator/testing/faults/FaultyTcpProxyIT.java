package io.ecslogon.operator.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.sandbox.ExecResult;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The proxy in front of a real sshd: what the OpenSSH client experiences under each fault. */
class FaultyTcpProxyIT {
  /** ssh's exit code when the connection, not the remote command, failed. */
  private static final int SSH_CONNECTION_ERROR = 255;

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("proxy").build();

  private Sandbox sandbox;
  private FaultyTcpProxy proxy;

  @BeforeEach
  void startProxy() {
    sandbox = sandboxes.get("proxy");
    proxy = FaultyTcpProxy.start(sandbox.address(), sandbox.port());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  @Test
  void aCommandThroughTheProxySucceeds() {
    ExecResult result = sshThroughProxy("echo through-the-proxy");

    assertThat(result.orThrow("ssh through the proxy").stdout().strip()).isEqualTo("through-the-proxy");
    assertThat(proxy.accepted()).isEqualTo(1);
  }

  @Test
  void droppingTheConnectionEndsARunningCommandFast() {
    CompletableFuture<ExecResult> running =
        CompletableFuture.supplyAsync(() -> sshThroughProxy("sleep 5.5; echo finished"));
    // The session's own sleep (the sandbox's init sleeps too, as `sleep 3600`).
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> sandbox.exec("pgrep", "-f", "^sleep 5.5$").exitCode() == 0);

    long start = System.nanoTime();
    proxy.dropAll();
    ExecResult result = running.join();

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000L);
    assertThat(result.exitCode()).as("ssh exit code; stderr: %s", result.stderr()).isEqualTo(SSH_CONNECTION_ERROR);
    assertThat(result.stdout()).doesNotContain("finished");
    assertThat(proxy.cuts()).containsEntry(ConnectionCut.DROPPED, 1L);
  }

  @Test
  void aStallDelaysACommandWithoutBreakingIt() {
    long start = System.nanoTime();
    proxy.stallFor(Duration.ofSeconds(2));
    ExecResult result = sshThroughProxy("echo after-the-stall");

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(2_000L);
    assertThat(result.orThrow("ssh through a stall").stdout().strip()).isEqualTo("after-the-stall");
  }

  @Test
  void downLooksLikeARestartingSshdUntilUp() {
    proxy.down();
    ExecResult refused = sshThroughProxy("true");

    assertThat(refused.exitCode()).isEqualTo(SSH_CONNECTION_ERROR);
    assertThat(refused.stderr()).contains("Connection refused");

    proxy.up();
    assertThat(sshThroughProxy("echo back").orThrow("ssh after up").stdout().strip()).isEqualTo("back");
  }

  private ExecResult sshThroughProxy(String remoteCommand) {
    return Ssh.run(sandbox.address(), proxy.port(), sandbox.adminUser(), sandbox.adminKeyFile(), remoteCommand);
  }
}
