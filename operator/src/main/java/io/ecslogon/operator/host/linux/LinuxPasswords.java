package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.RemoteShell;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sets passwords with chpasswd, which reads "user:password" lines from standard input: the
 * password travels on stdin and never appears in a command line (visible to every user through
 * /proc) or in a log.
 */
public final class LinuxPasswords {
  static final Command CHPASSWD = Command.of("chpasswd");

  private final RemoteShell shell;

  public LinuxPasswords(RemoteShell shell) {
    this.shell = shell;
  }

  public void set(String username, char[] password) {
    CharBuffer line = CharBuffer.allocate(username.length() + password.length + 2);
    line.put(username).put(':').put(password).put('\n').flip();
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(line);
    byte[] stdin = new byte[encoded.remaining()];
    encoded.get(stdin);
    Arrays.fill(line.array(), '\0');
    Arrays.fill(encoded.array(), (byte) 0);
    try {
      // CommandFailedException names argv only ("chpasswd"), never stdin.
      shell.run(CHPASSWD.withSecretStdin(stdin)).orThrow(CHPASSWD);
    } finally {
      Arrays.fill(stdin, (byte) 0);
    }
  }
}
