package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A key the connector cannot read is refused before anything is dialled: the listener, standing
 * in for an instance's sshd, never sees a connection (HostileInputIT found the connection opened
 * first).
 */
class UnreadableKeyTest {
  private final SshConnector connector = new SshConnector(Duration.ofSeconds(2),
      new CommandLimits(Duration.ofSeconds(2), 1 << 20), HostMetrics.none());

  @ParameterizedTest
  @ValueSource(strings = {"not a key",
      "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA!!!!\n-----END OPENSSH PRIVATE KEY-----\n",
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKn0V8TZ+6HHIPjF9oYvM5fHzZjE0KC5BvygJAlKcMae"})
  void aKeyThatCannotBeReadOpensNoConnection(String key) throws Exception {
    try (ServerSocket sshd = new ServerSocket(0)) {
      SshTarget target = new SshTarget("127.0.0.1", sshd.getLocalPort(), "root",
          new Credentials.PrivateKey(key.toCharArray(), null), null);

      assertThatThrownBy(() -> connector.connect(target)).isInstanceOf(AuthenticationFailedException.class)
          .hasMessageContaining("could not be read").hasNoCause();
      sshd.setSoTimeout(300);
      assertThat(accepted(sshd)).as("a connection reached the listener").isFalse();
    }
  }

  @Test
  void theMessageQuotesNoneOfTheKey() {
    SshTarget target = new SshTarget("127.0.0.1", 1, "root",
        new Credentials.PrivateKey("SECRET-MATERIAL".toCharArray(), null), null);
    assertThatThrownBy(() -> connector.connect(target)).message().doesNotContain("SECRET");
  }

  private static boolean accepted(ServerSocket sshd) throws Exception {
    try {
      sshd.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
