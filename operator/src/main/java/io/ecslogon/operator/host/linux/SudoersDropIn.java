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

  /**
   * Whether /etc/sudoers reads the drop-in directory at all ({@code #includedir} or, since sudo
   * 1.9.1, {@code @includedir}); a rule in a directory sudo never reads would be reported as
   * installed while sudo refuses the user. Includes of other files are not followed.
   */
  public boolean dropInDirectoryIncluded() {
    CommandResult result = shell.run(Command.of("cat", "/etc/sudoers"));
    return result.succeeded() && includesDropInDirectory(result.stdout());
  }

  static boolean includesDropInDirectory(String sudoers) {
    return sudoers.lines().anyMatch(line -> line.strip().matches("[#@]includedir\\s+/etc/sudoers\\.d/?"));
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
