package io.ecslogon.operator.hostile;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sandbox holds for each user a case names: its passwd and shadow lines and its
 * authorized_keys, so a case that created or changed its user is told apart from the visits the
 * instance gets anyway.
 */
final class UserStates {
  private static final String SEPARATOR = "=== ";

  private UserStates() {}

  /** Names must already match the username pattern: they go into a shell line unquoted. */
  static Map<String, String> of(Sandbox sandbox, Collection<String> usernames) {
    Map<String, String> states = new LinkedHashMap<>();
    if (usernames.isEmpty()) {
      return states;
    }
    String script = "for u in " + String.join(" ", usernames) + "; do echo \"" + SEPARATOR + "$u\"; getent passwd \"$u\";"
        + " getent shadow \"$u\"; h=$(getent passwd \"$u\" | cut -d: -f6);"
        + " [ -n \"$h\" ] && sha256sum \"$h/.ssh/authorized_keys\" 2>/dev/null; done; true";
    String out = sandbox.sh(script).orThrow("user states").stdout();
    for (String block : out.split(SEPARATOR)) {
      if (!block.isEmpty()) {
        int end = block.indexOf('\n');
        states.put(end < 0 ? block : block.substring(0, end), end < 0 ? "" : block.substring(end + 1));
      }
    }
    return states;
  }
}
