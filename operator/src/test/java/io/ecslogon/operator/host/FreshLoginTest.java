package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a fresh login reports when nothing answers: a real connection to a local port nobody
 * listens on (refused at once), so the patience is spent trying again, then the two callers part.
 */
class FreshLoginTest {
  private final FreshLogin freshLogin = new FreshLogin(new SshConnector(Duration.ofSeconds(2),
      new CommandLimits(Duration.ofSeconds(5), 1 << 16), HostMetrics.none()), Duration.ZERO, Duration.ofSeconds(1));

  @Test
  void afterAReloadAnSshdThatNoLongerAnswersIsTheProblem() throws IOException {
    SshTarget target = target(closedPort());

    assertThat(freshLogin.problem(target)).hasValueSatisfying(problem ->
        assertThat(problem).startsWith("no fresh login as alice within 1 s"));
  }

  @Test
  void aPasswordLoginThatCouldNotBeTriedIsNotReportedAsFailed() throws IOException {
    SshTarget target = target(closedPort());

    assertThatThrownBy(() -> freshLogin.authenticationProblem(target))
        .isInstanceOf(HostUnreachableException.class)
        .hasMessageStartingWith("no answer from 127.0.0.1:")
        .hasMessageContaining("to try a fresh login as alice");
  }

  private static SshTarget target(int port) {
    return new SshTarget("127.0.0.1", port, "alice", new Credentials.Password("not-tried".toCharArray()), null);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
