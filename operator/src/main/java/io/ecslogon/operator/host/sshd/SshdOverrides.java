package io.ecslogon.operator.host.sshd;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.SshdSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * After a change, {@code sshd -T} must show the declared values. When it does not, something read
 * before the operator's file sets them (a file sorting earlier in sshd_config.d, a line above the
 * Include); this names the lines that set each such keyword so a person knows where to look.
 */
public final class SshdOverrides {
  private SshdOverrides() {}

  /** "passwordauthentication is yes, declared no (set at /etc/ssh/...:3)" for each mismatch; empty when none. */
  public static List<String> find(RemoteShell shell, SshdSettings effective, SshdDirectives declared) {
    List<String> mismatches = new ArrayList<>();
    declared.values().forEach((keyword, value) -> {
      String expected = SshdDirectives.effectiveSpelling(value);
      String actual = effective.get(keyword).orElse("unset");
      if (!expected.equals(actual)) {
        mismatches.add(keyword.toLowerCase(Locale.ROOT) + " is " + actual + ", declared " + value
            + " (set at: " + whereSet(shell, keyword) + ")");
      }
    });
    return mismatches;
  }

  private static String whereSet(RemoteShell shell, String keyword) {
    // The keyword is one of SshdDirectives' own constants, never text from a spec.
    CommandResult result = shell.run(Command.of("grep", "-rniE", "^[[:space:]]*" + keyword + "([[:space:]]|=)",
        SshdPaths.MAIN, SshdPaths.DROP_IN_DIR));
    String lines = result.stdout().strip();
    return lines.isEmpty() ? "no line found" : String.join("; ", lines.lines().limit(5).toList());
  }
}
