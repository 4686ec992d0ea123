package io.ecslogon.operator.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The suite's figures: runs, faults by kind, invariant violations, time to recover p50/p95. */
final class FaultReport {
  private final long seed;
  private final int first;
  private final List<RunResult> results = new ArrayList<>();

  /** @param first the number of the first run (runs before it were skipped to replay a later one) */
  FaultReport(long seed, int first) {
    this.seed = seed;
    this.first = first;
  }

  void add(RunResult result) {
    results.add(result);
  }

  boolean ran(Scenario scenario) {
    return results.stream().anyMatch(result -> result.plan().scenario() == scenario);
  }

  List<RunResult> failed() {
    return results.stream().filter(result -> !result.violations().isEmpty()).toList();
  }

  String table(Duration took) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("fault injection: seed %d, %d runs in %d s%n", seed, results.size(), took.toSeconds()));
    out.append(String.format("%-20s %5s %10s %12s %12s %12s%n", "fault", "runs", "violations", "recovery p50",
        "recovery p95", "edits lost"));
    Map<FaultKind, List<RunResult>> byKind = new EnumMap<>(FaultKind.class);
    results.forEach(result -> byKind.computeIfAbsent(result.plan().fault(), kind -> new ArrayList<>()).add(result));
    byKind.forEach((kind, runs) -> out.append(row(kind.name(), runs)));
    out.append(row("all", results));
    Map<Scenario, Integer> scenarios = new EnumMap<>(Scenario.class);
    results.forEach(result -> scenarios.merge(result.plan().scenario(), 1, Integer::sum));
    out.append("scenarios: ").append(scenarios).append(System.lineSeparator());
    for (RunResult result : failed()) {
      out.append("VIOLATED in ").append(result.plan()).append(System.lineSeparator());
      result.violations().forEach(violation -> out.append("  - ").append(violation).append(System.lineSeparator()));
      int index = result.plan().index();
      out.append("  this run alone: hack/faults.sh ").append(seed).append(' ').append(index).append(' ').append(index)
          .append(System.lineSeparator());
    }
    int last = first + results.size() - 1;
    out.append("replay: hack/faults.sh ").append(seed).append(' ').append(last).append(first > 1 ? " " + first : "")
        .append(System.lineSeparator());
    return out.toString();
  }

  private static String row(String name, List<RunResult> runs) {
    List<Duration> recoveries = runs.stream().map(RunResult::recovery).sorted(Comparator.naturalOrder()).toList();
    long violations = runs.stream().mapToLong(result -> result.violations().size()).sum();
    int lost = runs.stream().mapToInt(RunResult::personEditsLost).sum();
    return String.format("%-20s %5d %10d %11.1fs %11.1fs %12d%n", name, runs.size(), violations,
        seconds(percentile(recoveries, 50)), seconds(percentile(recoveries, 95)), lost);
  }

  /** Nearest-rank percentile. */
  static Duration percentile(List<Duration> sorted, int percent) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
