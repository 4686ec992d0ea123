package io.ecslogon.operator.compliance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One change Enforce makes on an instance, as a line of enforce.sh's input: every argument but the
 * user name base64-encoded, so nothing in it is ever read as shell.
 *
 * @param description what it does, for the preview and the Event
 */
record EnforcementAction(String verb, String user, String description, String... arguments) {

  static EnforcementAction rewriteKeys(String user, String path, String sha256OfRead, String content, String what) {
    return new EnforcementAction("keys", user, what, path, sha256OfRead, content);
  }

  static EnforcementAction lockPassword(String user, String why) {
    return new EnforcementAction("lock", user, "locked the password of " + user + " (" + why + ")");
  }

  String line() {
    StringBuilder line = new StringBuilder(verb).append('\t').append(user);
    for (String argument : arguments) {
      line.append('\t').append(Base64.getEncoder().encodeToString(argument.getBytes(StandardCharsets.UTF_8)));
    }
    return line.append('\n').toString();
  }
}
