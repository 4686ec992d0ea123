package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ecslogon.operator.host.CommandLimits;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.HostConnectionPool;
import io.ecslogon.operator.host.HostMetrics;
import io.ecslogon.operator.host.SshConnector;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What reading a user's authorized_keys does with each thing the user can put there, on a real
 * instance: the file is read only when it is a regular, readable file of at most 1 MiB; anything
 * else is refused at once, never read as empty.
 */
class AuthorizedKeysFileIT {
  private static final String USER = "keyholder";
  private static final String HOME = "/home/" + USER;
  private static final String FILE = HOME + "/.ssh/authorized_keys";

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("keys").build();

  private static HostConnectionPool pool;
  private static AuthorizedKeysFile file;

  @BeforeAll
  static void connect() {
    Sandbox sandbox = sandboxes.get("keys");
    sandbox.exec("useradd", "--create-home", USER).orThrow("useradd");
    // A long deadline: every refusal below must come from the checks, not from the deadline.
    pool = new HostConnectionPool(new SshConnector(Duration.ofSeconds(10),
        new CommandLimits(Duration.ofSeconds(30), 4 << 20), HostMetrics.none()), Clock.systemUTC(), Duration.ofMinutes(5));
    SshTarget target = new SshTarget(sandbox.address(), sandbox.port(), sandbox.adminUser(),
        new Credentials.PrivateKey(sandbox.adminPrivateKey().toCharArray(), null), sandbox.hostKeyFingerprint());
    file = new AuthorizedKeysFile(command -> pool.withConnection("keys", target, connection -> connection.run(command)));
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @BeforeEach
  void freshHome() {
    sandbox().sh("rm -rf " + HOME + "/.ssh && chmod 755 " + HOME).orThrow("reset");
  }

  @Test
  void noSshDirectoryOrNoFileReadsAsEmpty() {
    assertThat(file.read(USER, HOME)).isEmpty();
    asUser("mkdir -m 700 .ssh");
    assertThat(file.read(USER, HOME)).isEmpty();
  }

  @Test
  void aRegularFileIsReadByteForByte() {
    asUser("mkdir -m 700 .ssh && printf 'ssh-ed25519 AAAA one\\n\\nno newline at the end' > .ssh/authorized_keys");

    assertThat(file.read(USER, HOME)).isEqualTo("ssh-ed25519 AAAA one\n\nno newline at the end");
  }

  @Test
  void exactlyOneMebibyteIsStillRead() {
    asUser("mkdir -m 700 .ssh && head -c 1048576 /dev/zero | tr '\\0' a > .ssh/authorized_keys");

    assertThat(file.read(USER, HOME)).hasSize(AuthorizedKeysFile.MAX_BYTES);
  }

  @Test
  void aHugeSparseFileIsRefusedWithItsSizeAndNotRead() {
    asUser("mkdir -m 700 .ssh && truncate -s 2G .ssh/authorized_keys");

    assertThatThrownBy(() -> file.read(USER, HOME)).isInstanceOf(AuthorizedKeysRefusedException.class)
        .hasMessage("user keyholder: refusing ~/.ssh/authorized_keys: 2147483648 bytes, more than the 1048576 bytes"
            + " the operator reads; nothing was changed");
  }

  @Test
  void aFifoIsRefusedWithoutOpeningIt() {
    asUser("mkdir -m 700 .ssh && mkfifo .ssh/authorized_keys");

    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> file.read(USER, HOME))
        .isInstanceOf(AuthorizedKeysRefusedException.class).hasMessageContaining("not a regular file"));
  }

  @Test
  void aFileTheUserCannotReadIsRefusedNotTakenForEmpty() {
    asUser("mkdir -m 700 .ssh && echo 'ssh-ed25519 AAAA mine' > .ssh/authorized_keys && chmod 000 .ssh/authorized_keys");

    assertThatThrownBy(() -> file.read(USER, HOME)).isInstanceOf(AuthorizedKeysRefusedException.class)
        .hasMessageContaining("cannot read ~/.ssh/authorized_keys: the user may not read it");
  }

  @Test
  void anSshDirectoryTheUserCannotOpenIsRefusedNotTakenForEmpty() {
    asUser("mkdir -m 700 .ssh && echo 'ssh-ed25519 AAAA mine' > .ssh/authorized_keys && chmod 000 .ssh");

    assertThatThrownBy(() -> file.read(USER, HOME)).isInstanceOf(AuthorizedKeysRefusedException.class)
        .hasMessageContaining("the user cannot open ~ or ~/.ssh");
  }

  @Test
  void aSymlinkIsStillRefused() {
    asUser("mkdir -m 700 .ssh && ln -s /etc/passwd .ssh/authorized_keys");

    assertThatThrownBy(() -> file.read(USER, HOME)).isInstanceOf(AuthorizedKeysRefusedException.class)
        .hasMessageContaining("refusing a symlinked");
  }

  private static void asUser(String snippet) {
    sandbox().sh("cd " + HOME + " && runuser -u " + USER + " -- sh -c \"" + snippet.replace("\"", "\\\"") + "\"")
        .orThrow(snippet);
  }

  private static Sandbox sandbox() {
    return sandboxes.get("keys");
  }
}
