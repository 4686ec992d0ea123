package io.ecslogon.operator.testing.audit;

import java.util.List;

/** One program started on an instance: the audit event it was recorded in, and its full argv. */
public record Execution(String event, List<String> argv) {
  /** One line for the secret-leak scan: the arguments as they were, unescaped, side by side. */
  public String line() {
    return "audit(" + event + ") argv: " + String.join(" ", argv);
  }
}
