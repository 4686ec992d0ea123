package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.nio.charset.StandardCharsets;

/**
 * One user's rule in /etc/sudoers.d/. The candidate is written to a temporary file, checked with
 * {@code visudo -c} and only then renamed into place (mode 0440): a broken rule never reaches the
 * directory sudo reads, where it would break sudo for everyone.
 */
public final class SudoersDropIn {
  private static final String INSTALL = "set -e; umask 077; t=$(mktemp /etc/sudoers.d/.ecslogon.XXXXXX);"
      + " trap 'rm -f \"$t\"' EXIT; cat > \"$t\"; visudo -c -q -f \"$t\"; chmod 0440 \"$t\"; mv -f \"$t\" \"$1\"; trap - EXIT";

  private final RemoteShell shell;

  public SudoersDropIn(RemoteShell shell) {
    this.shell = shell;
  }

  /** Sudoers file names may not contain dots (sudo skips them); user names may not either here. */
  public static String pathFor(String username) {
    return "/etc/sudoers.d/ecslogon-" + username;
  }

  public String read(String username) {
    CommandResult result = shell.run(Command.of("cat", pathFor(username)));
    return result.succeeded() ? result.stdout() : null;
  }

  public void install(String username, String rule) {
    Command command = Command.of("sh", "-c", INSTALL, "sh", pathFor(username))
        .withStdin(rule.getBytes(StandardCharsets.UTF_8));
    shell.run(command).orThrow(command);
  }

  public void remove(String username) {
    Command command = Command.of("rm", "-f", pathFor(username));
    shell.run(command).orThrow(command);
  }
}
