package io.ecslogon.operator.host.linux;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The effective sshd configuration as {@code sshd -T} prints it: lower-case keywords, one per line.
 *
 * @param problem why sshd -T could not print it (a broken file, missing host keys), or null
 */
public record SshdSettings(Map<String, String> values, String problem) {
  public SshdSettings {
    values = Map.copyOf(values);
  }

  public static SshdSettings unreadable(String problem) {
    return new SshdSettings(Map.of(), problem);
  }

  public boolean readable() {
    return problem == null;
  }

  public static SshdSettings parse(String sshdDashT) {
    Map<String, String> values = new HashMap<>();
    for (String line : sshdDashT.split("\n")) {
      String trimmed = line.strip();
      int space = trimmed.indexOf(' ');
      if (space <= 0) {
        continue;
      }
      // Keywords such as hostkey repeat; the first occurrence is the one that matters for the
      // single-valued settings the operator reads.
      values.putIfAbsent(trimmed.substring(0, space).toLowerCase(Locale.ROOT), trimmed.substring(space + 1).strip());
    }
    return new SshdSettings(values, null);
  }

  public Optional<String> get(String keyword) {
    return Optional.ofNullable(values.get(keyword.toLowerCase(Locale.ROOT)));
  }
}
