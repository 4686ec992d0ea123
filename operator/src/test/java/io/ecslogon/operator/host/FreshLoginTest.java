package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a fresh login reports when nothing answers: a real connection to a local port nobody
 * listens on (refused at once), so the patience is spent trying again, then the two callers part.
 */
class FreshLoginTest {
  /**
   * Holds the port for the whole test without listening on it: connections to it are refused, and
   * no other process can start listening there in the meantime, as it could on a port closed
   * before the test connects.
   */
  private final Socket portHolder = new Socket();
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

  @AfterEach
  void releaseThePort() throws IOException {
    portHolder.close();
  }

  private int closedPort() throws IOException {
    portHolder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return portHolder.getLocalPort();
  }
}
