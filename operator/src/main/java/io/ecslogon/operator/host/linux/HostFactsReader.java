package io.ecslogon.operator.host.linux;

import java.util.ArrayList;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.sshd.SshdFiles;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Reads {@link HostFacts} with read-only commands, all in one round trip: every command on an
 * instance is an SSH channel plus a session on the instance (PAM included), about 50 ms each on
 * the benchmark's sandbox, so a visit that ran them one by one spent most of its time on channels
 * (docs/sshd.md#benchmark). The script prints each result under a marker line; only fixed
 * commands, nothing from a spec.
 */
public final class HostFactsReader {
  static final String MARKER = "@@ecslogon ";
  // sshd -T needs root (it reads the host keys); RemoteShell runs the script through sudo for
  // non-root admins. sshd has no --version; -V prints the version on stderr (OpenSSH 9.x and later).
  static final String FACTS = """
      section() { printf '\n%s%s\n' "$1" "$2"; }
      section "$1" os-release; cat /etc/os-release || exit 10
      section "$1" boot-id; cat /proc/sys/kernel/random/boot_id || exit 11
      section "$1" shells; cat /etc/shells || exit 12
      section "$1" passwd; getent passwd || exit 13
      effective=$(sshd -T 2>&1); status=$?
      section "$1" sshd-exit; echo "$status"
      section "$1" sshd; printf '%s\n' "$effective"
      section "$1" sshd-version; sshd -V 2>&1
      section "$1" sshd-files
      """ + SshdFiles.READ_SCRIPT;
  static final Command READ_ALL = Command.of("sh", "-c", FACTS + "exit 0\n", "sh", MARKER);
  /** Where a follow-on script's output starts, and the line after it that carries its exit status. */
  private static final String FOLLOW_ON = "follow-on";
  private static final String FOLLOW_ON_EXIT = "follow-on-exit ";
  static final Command BOOT_ID = Command.of("cat", "/proc/sys/kernel/random/boot_id");
  static final Command SSHD_EFFECTIVE = Command.of("sshd", "-T");

  private HostFactsReader() {}

  public static HostFacts read(RemoteShell shell) {
    return facts(shell.run(READ_ALL).orThrow(READ_ALL).stdout());
  }

  /**
   * A fixed, read-only script to run in the same command right after the facts (so a visit is one
   * exec): its own arguments and standard input, its output handed back as it came. It runs in a
   * subshell, so it cannot change what the facts say, and its failure is its own, not the facts'.
   */
  public record FollowOn(String script, List<String> args, byte[] stdin) {}

  /** The facts, and the follow-on's output (stdout) or why it failed. */
  public record Reading(HostFacts facts, String followOnOutput, String followOnFailure) {}

  public static Reading read(RemoteShell shell, FollowOn followOn) {
    Command command = withFollowOn(FACTS + "section \"$1\" " + FOLLOW_ON + "\nshift\n", followOn);
    CommandResult result = shell.run(command).orThrow(command);
    FollowOnAnswer answer = followOnAnswer(result);
    return new Reading(facts(result.stdout().substring(0, answer.start() + 1)), answer.output(), answer.failure());
  }

  /**
   * The same follow-on again, alone, after this visit changed the instance (sshd's settings, say),
   * with the facts read before: one more exec instead of another whole visit.
   */
  public static Reading readFollowOnAgain(RemoteShell shell, FollowOn followOn, HostFacts facts) {
    Command command = withFollowOn("printf '\n%s%s\n' \"$1\" " + FOLLOW_ON + "\nshift\n", followOn);
    CommandResult result = shell.run(command).orThrow(command);
    FollowOnAnswer answer = followOnAnswer(result);
    return new Reading(facts, answer.output(), answer.failure());
  }

  private static Command withFollowOn(String before, FollowOn followOn) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", before + "(\n" + followOn.script() + "\n)\n"
        + "printf '\\n%s%s%s\\n' \"" + MARKER + "\" \"" + FOLLOW_ON_EXIT + "\" \"$?\"\nexit 0\n", "sh", MARKER));
    argv.addAll(followOn.args());
    return new Command(argv, followOn.stdin(), false);
  }

  private record FollowOnAnswer(int start, String output, String failure) {}

  private static FollowOnAnswer followOnAnswer(CommandResult result) {
    String output = result.stdout();
    // Facts come only from before the follow-on marker, the exit status only from the very last
    // line: nothing the follow-on prints can pose as either.
    int start = output.indexOf("\n" + MARKER + FOLLOW_ON + "\n");
    int exit = output.lastIndexOf("\n" + MARKER + FOLLOW_ON_EXIT);
    if (start < 0 || exit < start) {
      throw new HostException("the instance's answer to reading its facts was cut short");
    }
    String followOnOutput = output.substring(start + MARKER.length() + FOLLOW_ON.length() + 2, exit + 1);
    String status = output.substring(exit + 1 + MARKER.length() + FOLLOW_ON_EXIT.length()).strip();
    String failure = "0".equals(status) ? null : "exit " + status + (result.stderr().isBlank() ? ""
        : ": " + firstLine(result.stderr()));
    return new FollowOnAnswer(start, followOnOutput, failure);
  }

  private static HostFacts facts(String output) {
    Map<String, String> sections = sections(output);
    Set<String> shells = validShells(sections.getOrDefault("shells", ""));
    List<Account> loginAccounts = Account.parsePasswd(sections.getOrDefault("passwd", "")).stream()
        .filter(account -> account.hasLoginShell(shells))
        .toList();
    String sshdOutput = sections.getOrDefault("sshd", "");
    SshdSettings sshd = "0".equals(sections.getOrDefault("sshd-exit", "").strip())
        ? SshdSettings.parse(sshdOutput)
        : SshdSettings.unreadable("sshd -T failed: " + firstLine(sshdOutput));
    return new HostFacts(OsRelease.parse(sections.getOrDefault("os-release", "")),
        sections.getOrDefault("boot-id", "").strip(), loginAccounts, sshd,
        firstLine(sections.getOrDefault("sshd-version", "")), SshdFiles.parse(sections.getOrDefault("sshd-files", "")));
  }

  /** The script's output cut at its marker lines: section name to text. */
  static Map<String, String> sections(String output) {
    Map<String, String> sections = new HashMap<>();
    String current = null;
    StringBuilder text = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        if (current != null) {
          sections.put(current, text.toString());
        }
        current = line.substring(MARKER.length()).strip();
        text.setLength(0);
      } else if (current != null) {
        text.append(line).append('\n');
      }
    }
    if (current != null) {
      sections.put(current, text.toString());
    }
    return sections;
  }

  /** The kernel's boot ID: new at every boot, which is how restarts are confirmed. */
  public static String bootId(RemoteShell shell) {
    return shell.run(BOOT_ID).orThrow(BOOT_ID).stdout().strip();
  }

  /**
   * sshd -T fails when the configuration on disk is broken or host keys are missing; the running
   * sshd still serves, so that is reported as a fact about sshd, not as an unreadable instance.
   */
  public static SshdSettings readSshd(RemoteShell shell) {
    CommandResult result = shell.run(SSHD_EFFECTIVE);
    if (!result.succeeded()) {
      String said = result.stderr().strip();
      return SshdSettings.unreadable("sshd -T failed: " + (said.isEmpty() ? "exit " + result.exitCode()
          : firstLine(said)));
    }
    return SshdSettings.parse(result.stdout());
  }

  /**
   * sshd's effective settings for a login by {@code username} ({@code sshd -T -C}), so that Match
   * blocks count: what decides whether that user's password or keys are accepted. The host and
   * address are the loopback's; Match blocks on a client address are judged for that one.
   */
  public static SshdSettings readSshdFor(RemoteShell shell, String username) {
    Command command = Command.of("sshd", "-T", "-C", "user=" + username + ",host=localhost,addr=127.0.0.1");
    CommandResult result = shell.run(command);
    if (!result.succeeded()) {
      String said = result.stderr().strip();
      return SshdSettings.unreadable("sshd -T -C user=" + username + " failed: " + (said.isEmpty()
          ? "exit " + result.exitCode() : firstLine(said)));
    }
    return SshdSettings.parse(result.stdout());
  }

  private static Set<String> validShells(String etcShells) {
    Set<String> shells = new HashSet<>();
    Arrays.stream(etcShells.split("\n"))
        .map(String::strip)
        .filter(line -> line.startsWith("/"))
        .forEach(shells::add);
    return shells;
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
