package io.ecslogon.operator.testing.leaks;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.Ssh;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Proves the argv trace sees before trusting it: a trace that records nothing (the audit rule
 * removed, sshd in the harness's own audit session) would find no secret and prove nothing. Each
 * sandbox whose admin can still log on runs one marked command through its sshd, and the trace
 * read afterwards must hold every mark.
 */
final class ArgvCanary {
  private ArgvCanary() {}

  static List<Place> checked(Collection<Sandbox> sandboxes, Supplier<List<Place>> readTrace) {
    Map<String, String> marks = new LinkedHashMap<>();
    for (Sandbox sandbox : sandboxes) {
      String mark = "ecslogon-argv-canary-" + UUID.randomUUID();
      // A sandbox the test left stopped, or with sshd refusing the admin, has nothing to show.
      if (sandbox.isRunning() && Ssh.asAdmin(sandbox, "true " + mark).exitCode() == 0) {
        marks.put(sandbox.name(), mark);
      }
    }
    List<Place> trace = readTrace.get();
    marks.forEach((sandbox, mark) -> {
      if (trace.stream().noneMatch(place -> place.text().contains(mark))) {
        throw new AssertionError("secret-leak scan: the argv trace missed `true " + mark + "`, which " + sandbox
            + " ran through its sshd: it is blind, and finding nothing in it would prove nothing (hack/execve-audit.sh)");
      }
    });
    return trace;
  }
}
