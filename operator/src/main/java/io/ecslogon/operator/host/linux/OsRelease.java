package io.ecslogon.operator.host.linux;

import java.util.HashMap;
import java.util.Map;

/** The fields of /etc/os-release the operator reports. */
public record OsRelease(String id, String prettyName) {

  /** Parses os-release(5): KEY=value lines, values optionally quoted. */
  public static OsRelease parse(String content) {
    Map<String, String> fields = new HashMap<>();
    for (String line : content.split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0 || line.startsWith("#")) {
        continue;
      }
      fields.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
    }
    return new OsRelease(fields.getOrDefault("ID", "linux"), fields.getOrDefault("PRETTY_NAME", "Linux"));
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return value;
  }
}
