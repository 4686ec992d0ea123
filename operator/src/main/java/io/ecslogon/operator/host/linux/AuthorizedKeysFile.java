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
 * or the new file, never a torn one. The scripts are fixed text; the home directory and the size
 * limit are passed as positional arguments, never interpolated.
 *
 * <p>The file belongs to the user, who can make it anything: reading checks what it is before
 * opening it (a regular file, at most {@link #MAX_BYTES}, readable), reads no more than one byte
 * past the limit and checks the size again afterwards; a FIFO swapped in between check and read
 * is left to the command deadline. Anything that cannot be read is refused, never taken for an empty file.
 */
public final class AuthorizedKeysFile {
  /** sshd reads authorized_keys line by line without a limit; 1 MiB is thousands of keys. */
  public static final int MAX_BYTES = 1 << 20;

  private static final String READ = """
      d="$1/.ssh"; f="$d/authorized_keys"
      if [ -L "$d" ] || [ -L "$f" ]; then echo 'refusing a symlinked ~/.ssh or authorized_keys' >&2; exit 3; fi
      if [ ! -x "$1" ] || { [ -e "$d" ] && [ ! -x "$d" ]; }; then
        echo 'cannot read ~/.ssh/authorized_keys: the user cannot open ~ or ~/.ssh' >&2; exit 6
      fi
      [ -e "$f" ] || exit 0
      if [ ! -f "$f" ]; then
        echo 'refusing ~/.ssh/authorized_keys: not a regular file (a FIFO, device or directory is never read)' >&2; exit 4
      fi
      size=$(stat -c %s "$f") || exit 6
      if [ "$size" -gt "$2" ]; then
        echo "refusing ~/.ssh/authorized_keys: $size bytes, more than the $2 bytes the operator reads" >&2; exit 5
      fi
      if [ ! -r "$f" ]; then echo 'cannot read ~/.ssh/authorized_keys: the user may not read it' >&2; exit 6; fi
      head -c "$(($2 + 1))" "$f" || { echo 'cannot read ~/.ssh/authorized_keys' >&2; exit 6; }
      size=$(stat -c %s "$f") || exit 6
      if [ "$size" -gt "$2" ]; then echo "refusing ~/.ssh/authorized_keys: it grew to $size bytes while read" >&2; exit 5; fi
      """;
  /** Exit codes of READ that mean "refused", each with its own message on stderr. */
  private static final int FIRST_REFUSAL = 3;
  private static final int LAST_REFUSAL = 6;
  private static final String WRITE = "set -e; umask 077; d=\"$1/.ssh\";"
      + " if [ -L \"$d\" ]; then echo 'refusing a symlinked ~/.ssh' >&2; exit 3; fi;"
      + " [ -d \"$d\" ] || mkdir -m 700 \"$d\"; chmod 700 \"$d\";"
      + " t=$(mktemp \"$d/.authorized_keys.XXXXXX\"); cat > \"$t\"; chmod 600 \"$t\"; mv -f \"$t\" \"$d/authorized_keys\"";

  private final RemoteShell shell;

  public AuthorizedKeysFile(RemoteShell shell) {
    this.shell = shell;
  }

  /**
   * The file's content, empty when there is none.
   *
   * @throws AuthorizedKeysRefusedException it exists but was not read (see the class comment)
   */
  public String read(String username, String home) {
    Command command = Command.of("runuser", "-u", username, "--", "sh", "-c", READ, "sh", home,
        Integer.toString(MAX_BYTES));
    CommandResult result = shell.run(command);
    if (result.exitCode() >= FIRST_REFUSAL && result.exitCode() <= LAST_REFUSAL) {
      throw new AuthorizedKeysRefusedException(username, String.join(": ", result.stderr().strip().split("\n")));
    }
    String content = result.orThrow(command).stdout();
    // Never more characters than bytes read: a file that slipped past both size checks.
    if (content.length() > MAX_BYTES) {
      throw new AuthorizedKeysRefusedException(username, "refusing ~/.ssh/authorized_keys: it grew past the "
          + MAX_BYTES + " bytes the operator reads while being read");
    }
    return content;
  }

  public void write(String username, String home, String content) {
    Command command = Command.of("runuser", "-u", username, "--", "sh", "-c", WRITE, "sh", home)
        .withStdin(content.getBytes(StandardCharsets.UTF_8));
    shell.run(command).orThrow(command);
  }
}
