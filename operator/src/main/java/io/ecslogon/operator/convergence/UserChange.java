package io.ecslogon.operator.convergence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One change the apply script carries out, as one stdin line: the verb, the user name (already
 * validated) and base64-encoded arguments, so no value can end the line or split a field.
 *
 * @param description what it does, for Events (never a secret)
 */
record UserChange(String verb, String user, List<String> args, String description) {
  static final String NONE = "-";

  static UserChange useradd(String user, String shell, List<String> groups) {
    return new UserChange("useradd", user, List.of(orEmpty(shell), String.join(",", groups)), "created user " + user);
  }

  static UserChange usermod(String user, String shell, List<String> groups) {
    return new UserChange("usermod", user, List.of(orEmpty(shell), String.join(",", groups)),
        "updated shell/groups of " + user);
  }

  /** The home directory of an account the operator created whose useradd was cut short. */
  static UserChange home(String user, String home) {
    return new UserChange("home", user, List.of(), "created the missing home directory " + home + " of " + user);
  }

  static UserChange userdel(String user) {
    return new UserChange("userdel", user, List.of(), "deleted user " + user);
  }

  /** {@code home} null: the user is created in the same run, the script looks its home up. */
  static UserChange keys(String user, String home, String path, String content, String description) {
    return new UserChange("keys", user, List.of(orEmpty(home), path, content), description);
  }

  static UserChange sudo(String user, String rule, String policy) {
    return new UserChange("sudo", user, List.of(rule), "installed sudo rule " + policy + " for " + user);
  }

  static UserChange unsudo(String user) {
    return new UserChange("unsudo", user, List.of(), "removed the sudo rule of " + user);
  }

  static UserChange inventory(Inventory inventory) {
    return new UserChange("inventory", NONE, List.of(inventory.format()), null);
  }

  /** The inventory after removals: written only when every change before it succeeded. */
  static UserChange finalInventory(Inventory inventory) {
    return new UserChange("final-inventory", NONE, List.of(inventory.format()), null);
  }

  String line() {
    StringBuilder line = new StringBuilder(verb).append('\t').append(user);
    for (String arg : args) {
      line.append('\t').append(arg.isEmpty() ? NONE
          : Base64.getEncoder().encodeToString(arg.getBytes(StandardCharsets.UTF_8)));
    }
    return line.append('\n').toString();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
