package io.ecslogon.operator.host.sshd;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The file operations of an sshd change, each a fixed script whose only inputs are the operator's
 * own paths and numbers as arguments and the candidate text on stdin: nothing from a spec is ever
 * interpolated into a shell.
 */
final class SshdConfigFiles {
  private static final String END = "@@ecslogon-end-of-file";
  /** Both files in one round trip (steady-state visits read nothing else); exact bytes, markers after each. */
  static final Command READ_BOTH = Command.of("sh", "-c", """
      cat "$1" || exit 10
      printf '\n%s main\n' "$3"
      if [ -e "$2" ]; then cat "$2" || exit 11; printf '\n%s drop-in\n' "$3"; fi
      if [ -e "$4" ]; then printf '%s reload-pending\n' "$3"; fi
      """, "sh", SshdPaths.MAIN, SshdPaths.DROP_IN, END, SshdPaths.RELOAD_PENDING);

  /**
   * Writes the candidate to the staging file and checks it with {@code sshd -t} as sshd would read
   * it: a candidate main file on its own, or a drop-in through a copy of the main file that
   * includes it just before the real sshd_config.d Include (where, sorting first, it would be read).
   */
  private static final String STAGE_AND_TEST = """
      umask 022
      cat > "$2" || exit 1
      if [ "$1" -gt 0 ]; then
        sed "$1i Include $2" "$4" > "$3" || exit 1
        candidate="$3"
      else
        candidate="$2"
      fi
      sshd -t -f "$candidate"; rc=$?
      rm -f "$3"
      [ "$rc" -eq 0 ] || rm -f "$2"
      exit "$rc"
      """;

  /** Keeps the current file next to it, then renames the staged one over it (same mode and owner). */
  private static final String INSTALL = """
      set -e
      if [ -e "$1" ]; then
        cp -p "$1" "$1$3"
        chmod "$(stat -c %a "$1")" "$2"
        chown "$(stat -c %u:%g "$1")" "$2"
      else
        chmod 0644 "$2"
      fi
      mv -f "$2" "$1"
      """;

  /** Puts the kept file back byte for byte (a rename), or removes a file that did not exist before. */
  private static final String ROLLBACK = """
      set -e
      if [ "$3" = 1 ]; then mv -f "$1$2" "$1"; else rm -f "$1"; fi
      """;

  private final RemoteShell shell;

  SshdConfigFiles(RemoteShell shell) {
    this.shell = shell;
  }

  SshdFiles read() {
    String out = shell.run(READ_BOTH).orThrow(READ_BOTH).stdout();
    String mainEnd = "\n" + END + " main\n";
    int main = out.indexOf(mainEnd);
    if (main < 0) {
      throw new IllegalStateException("unexpected output reading " + SshdPaths.MAIN);
    }
    String rest = out.substring(main + mainEnd.length());
    int dropIn = rest.indexOf("\n" + END + " drop-in\n");
    return new SshdFiles(out.substring(0, main), dropIn < 0 ? null : rest.substring(0, dropIn),
        out.endsWith(END + " reload-pending\n"));
  }

  /** Empty when sshd accepts the candidate; otherwise what sshd -t said. */
  Optional<String> stageAndTest(String candidate, SshdPlacement placement) {
    Command command = Command.of("sh", "-c", STAGE_AND_TEST, "sh", Integer.toString(placement.includeLine()),
        SshdPaths.STAGED, SshdPaths.TEST_MAIN, SshdPaths.MAIN).withStdin(candidate.getBytes(StandardCharsets.UTF_8));
    CommandResult result = shell.run(command);
    if (result.succeeded()) {
      return Optional.empty();
    }
    String said = (result.stderr() + result.stdout()).strip();
    return Optional.of(said.isEmpty() ? "sshd -t exited " + result.exitCode() : said.replace(SshdPaths.TEST_MAIN,
        "the candidate configuration").replace(SshdPaths.STAGED, "the candidate file"));
  }

  void install(String target) {
    Command command = Command.of("sh", "-c", INSTALL, "sh", target, SshdPaths.STAGED, SshdPaths.PREVIOUS_SUFFIX);
    shell.run(command).orThrow(command);
  }

  /** Written before a file is replaced, removed once sshd loaded it: see {@link SshdPaths#RELOAD_PENDING}. */
  void markReloadPending() {
    Command command = Command.of("touch", SshdPaths.RELOAD_PENDING);
    shell.run(command).orThrow(command);
  }

  void clearReloadPending() {
    shell.run(Command.of("rm", "-f", SshdPaths.RELOAD_PENDING));
  }

  /** Whether a copy of {@code target} from before the last change is kept (a rollback can put it back). */
  boolean previousKept(String target) {
    return shell.run(Command.of("test", "-e", target + SshdPaths.PREVIOUS_SUFFIX)).succeeded();
  }

  void discardStaged() {
    shell.run(Command.of("rm", "-f", SshdPaths.STAGED));
  }

  void rollback(String target, boolean existedBefore) {
    Command command = Command.of("sh", "-c", ROLLBACK, "sh", target, SshdPaths.PREVIOUS_SUFFIX,
        existedBefore ? "1" : "0");
    shell.run(command).orThrow(command);
  }
}
