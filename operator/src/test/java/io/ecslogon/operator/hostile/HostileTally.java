package io.ecslogon.operator.hostile;

import java.util.ArrayList;
import java.util.List;

/** Where each case was refused, and the figures the suite prints. */
final class HostileTally {
  enum Outcome { API, CONTROLLER, REACHED }

  /**
   * @param detail what makes the result unexpected, if anything
   * @param how the API server's answer, or the reason the controller refused with
   */
  record Result(HostileCase c, Outcome outcome, String detail, String how) {
    boolean asExpected() {
      return outcome == (c.refusedAtApi() ? Outcome.API : Outcome.CONTROLLER) && detail == null;
    }
  }

  private final List<Result> results = new ArrayList<>();

  void add(HostileCase c, Outcome outcome, String detail, String how) {
    results.add(new Result(c, outcome, detail, how));
  }

  long count(Outcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** A case refused, but not where or why the corpus says, or one that reached its instance. */
  List<Result> unexpected() {
    return results.stream().filter(r -> !r.asExpected()).toList();
  }

  /** One line per case: where it was refused and how, shortened (values can be long). */
  String cases() {
    StringBuilder out = new StringBuilder();
    for (Result r : results) {
      String how = r.how() == null ? "" : r.how().replaceAll("\\s+", " ");
      out.append(String.format("  line %3d %-19s %-44s %-10s %s%n", r.c().line(), r.c().kind(), r.c().field(),
          r.outcome(), how.length() > 160 ? how.substring(0, 160) + "..." : how));
    }
    return out.toString();
  }

  String table() {
    StringBuilder out = new StringBuilder("Hostile input\n");
    out.append(String.format("  %-26s %5d%n", "cases", results.size()));
    out.append(String.format("  %-26s %5d%n", "refused at the API", count(Outcome.API)));
    out.append(String.format("  %-26s %5d%n", "refused by the controller", count(Outcome.CONTROLLER)));
    out.append(String.format("  %-26s %5d   (goal 0)%n", "reached an instance", count(Outcome.REACHED)));
    for (Result r : unexpected()) {
      out.append("  UNEXPECTED ").append(r.c()).append(": ").append(r.outcome())
          .append(r.detail() == null ? "" : " - " + r.detail()).append('\n');
    }
    return out.toString();
  }
}
