package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.nio.charset.StandardCharsets;

/**
 * A user's ~/.ssh/authorized_keys, read and replaced atomically. Both run <em>as the user</em>
 * (runuser): a user who turns ~/.ssh or the file into a symlink then only reaches what the user
 * may write anyway, never a root-owned file. The new content arrives on stdin, is written to a
 * temporary file in ~/.ssh and renamed over the old one, so a reader (sshd) sees either the old
 * or the new file, never a torn one. The scripts are fixed text; the home directory is passed as
 * a positional argument, never interpolated.
 */
public final class AuthorizedKeysFile {
  private static final String READ = "f=\"$1/.ssh/authorized_keys\"; if [ -L \"$1/.ssh\" ] || [ -L \"$f\" ]; then"
      + " echo 'refusing a symlinked ~/.ssh or authorized_keys' >&2; exit 3; fi; [ -f \"$f\" ] && cat \"$f\"; exit 0";
  private static final String WRITE = "set -e; umask 077; d=\"$1/.ssh\";"
      + " if [ -L \"$d\" ]; then echo 'refusing a symlinked ~/.ssh' >&2; exit 3; fi;"
      + " [ -d \"$d\" ] || mkdir -m 700 \"$d\"; chmod 700 \"$d\";"
      + " t=$(mktemp \"$d/.authorized_keys.XXXXXX\"); cat > \"$t\"; chmod 600 \"$t\"; mv -f \"$t\" \"$d/authorized_keys\"";

  private final RemoteShell shell;

  public AuthorizedKeysFile(RemoteShell shell) {
    this.shell = shell;
  }

  public String read(String username, String home) {
    Command command = Command.of("runuser", "-u", username, "--", "sh", "-c", READ, "sh", home);
    CommandResult result = shell.run(command).orThrow(command);
    return result.stdout();
  }

  public void write(String username, String home, String content) {
    Command command = Command.of("runuser", "-u", username, "--", "sh", "-c", WRITE, "sh", home)
        .withStdin(content.getBytes(StandardCharsets.UTF_8));
    shell.run(command).orThrow(command);
  }
}
