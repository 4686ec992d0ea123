package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing a command does on a real sshd can hold the operator longer than the command deadline or
 * make it buffer more than the output limit, and the instance is usable again right after: through
 * the connection pool the reconcilers use, against a sandboxed instance.
 */
class CommandLimitsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_OUTPUT = 1 << 20;
  private static final String KEY = "ns/limits";

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("limits").ecsUser("limits-sudo").build();

  private static HostConnectionPool pool;

  @BeforeAll
  static void pool() {
    SshConnector connector = new SshConnector(Duration.ofSeconds(10), new CommandLimits(TIMEOUT, MAX_OUTPUT),
        HostMetrics.none());
    pool = new HostConnectionPool(connector, Clock.systemUTC(), Duration.ofMinutes(5));
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @Test
  void aCommandThatNeverEndsTimesOutWhileRunningFreesTheLockAndTheInstanceWorksAgain() throws Exception {
    Sandbox sandbox = sandboxes.get("limits");
    SshTarget target = target(sandbox);
    assertThat(run(target, Command.of("echo", "warm")).stdout()).isEqualTo("warm\n");

    long start = System.nanoTime();
    CompletableFuture<Void> hanging = CompletableFuture.runAsync(() -> run(target, Command.of("sleep", "3600")));
    // Someone else wants the same instance meanwhile: it waits for the lock, then gets it.
    Thread.sleep(300);
    CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> run(target, Command.of("echo", "next")).stdout());

    assertThatThrownBy(() -> hanging.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CommandTimedOutException.class)
        .hasMessageContaining("'sleep 3600'").hasMessageContaining("did not finish within 2 s");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(TIMEOUT, TIMEOUT.plusSeconds(3));
    assertThat(next.get(10, TimeUnit.SECONDS)).as("the instance is usable right after").isEqualTo("next\n");
  }

  @Test
  void throughSudoTheDeadlineHoldsAndTheCommandIsStoppedOnTheInstance() {
    Sandbox sandbox = sandboxes.get("limits-sudo");
    SshTarget target = target(sandbox);

    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(() -> run(target, Command.of("sleep", "3599")))
        .isInstanceOf(CommandTimedOutException.class));
    assertThat(run(target, Command.of("id", "-un")).stdout()).isEqualTo("root\n");
    // Closing the session ends sudo and the command with it (for a root login sshd refuses the
    // signal request, and a command that ignores its closed pipes stays until it ends by itself).
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> sandbox.exec("pgrep", "-f", "^sleep 3599$").exitCode() != 0);
  }

  @Test
  void endlessOutputOnStdoutIsCutAtTheLimitAndTheInstanceWorksAgain() {
    SshTarget target = target(sandboxes.get("limits"));

    assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
        assertThatThrownBy(() -> run(target, Command.of("cat", "/dev/zero")))
            .isInstanceOf(OutputTooLargeException.class)
            .hasMessageContaining("wrote more than 1048576 bytes to stdout"));
    assertThat(run(target, Command.of("echo", "again")).stdout()).isEqualTo("again\n");
  }

  @Test
  void endlessOutputOnStderrIsCutAtTheLimitToo() {
    SshTarget target = target(sandboxes.get("limits"));

    assertTimeoutPreemptively(Duration.ofSeconds(15), () ->
        assertThatThrownBy(() -> run(target, Command.of("sh", "-c", "cat /dev/zero >&2")))
            .isInstanceOf(OutputTooLargeException.class)
            .hasMessageContaining("to stderr"));
    assertThat(run(target, Command.of("echo", "again")).stdout()).isEqualTo("again\n");
  }

  @Test
  void outputJustUnderTheLimitIsReadWhole() {
    CommandResult result = run(target(sandboxes.get("limits")), Command.of("head", "-c", Integer.toString(MAX_OUTPUT),
        "/dev/zero"));

    assertThat(result.stdout()).hasSize(MAX_OUTPUT);
  }

  /**
   * More stderr than an SSH channel window holds (2 MiB) before any stdout: read one after the
   * other, the command would block on stderr while we wait for stdout to end.
   */
  @Test
  void stdoutAndStderrAreDrainedTogether() {
    SshConnector connector = new SshConnector(Duration.ofSeconds(10),
        new CommandLimits(Duration.ofSeconds(20), 4 << 20), HostMetrics.none());
    try (SshConnection connection = connector.connect(target(sandboxes.get("limits")))) {
      CommandResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> connection.run(Command.of("sh", "-c",
          "head -c 3000000 /dev/zero | tr '\\0' e >&2; echo done; exit 7")));

      assertThat(result.exitCode()).isEqualTo(7);
      assertThat(result.stdout()).isEqualTo("done\n");
      assertThat(result.stderr()).hasSize(3_000_000);
    }
  }

  @Test
  void stdinStillReachesTheCommand() {
    CommandResult result = run(target(sandboxes.get("limits")), Command.of("cat").withStdin("fed\n".getBytes()));

    assertThat(result.stdout()).isEqualTo("fed\n");
  }

  @Test
  void stdinLargerThanTheChannelWindowArrivesWhole() {
    CommandResult result = run(target(sandboxes.get("limits")), Command.of("wc", "-c").withStdin(new byte[3 << 20]));

    assertThat(result.stdout().strip()).isEqualTo(Integer.toString(3 << 20));
  }

  /** The command ends while its input is still being sent: its answer counts, not the broken write. */
  @Test
  void aCommandThatIgnoresItsStdinStillAnswers() {
    byte[] lots = new byte[3 << 20];

    CommandResult result = run(target(sandboxes.get("limits")), Command.of("sh", "-c", "echo ignored; exit 3")
        .withStdin(lots));

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("ignored\n");
  }

  private static CommandResult run(SshTarget target, Command command) {
    return pool.withConnection(KEY + "/" + target.port(), target, connection -> connection.run(command));
  }

  private static SshTarget target(Sandbox sandbox) {
    return new SshTarget(sandbox.address(), sandbox.port(), sandbox.adminUser(),
        new Credentials.PrivateKey(sandbox.adminPrivateKey().toCharArray(), null), sandbox.hostKeyFingerprint());
  }
}
