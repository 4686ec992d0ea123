package io.ecslogon.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A seed replays its runs, covers every fault, and the report names the seed of a violation. */
class RunPlanTest {
  private static final List<String> FLEET = List.of("a", "b", "c");

  @Test
  void theSameSeedDrawsTheSameRunsAndAnotherSeedOthers() {
    List<RunPlan> first = IntStream.rangeClosed(1, 40).mapToObj(i -> RunPlan.draw(4242, i, FLEET)).toList();
    List<RunPlan> again = IntStream.rangeClosed(1, 40).mapToObj(i -> RunPlan.draw(4242, i, FLEET)).toList();
    List<RunPlan> other = IntStream.rangeClosed(1, 40).mapToObj(i -> RunPlan.draw(4243, i, FLEET)).toList();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void everyFaultKindComesWithinAsManyRunsInARowAsThereAreKinds() {
    for (int start = 1; start <= 30; start++) {
      Set<FaultKind> seen = EnumSet.noneOf(FaultKind.class);
      for (int i = start; i < start + FaultKind.values().length; i++) {
        seen.add(RunPlan.draw(77, i, FLEET).fault());
      }
      assertThat(seen).as("runs %d..%d", start, start + FaultKind.values().length - 1).containsExactlyInAnyOrder(FaultKind.values());
    }
  }

  @Test
  void drawsStayInsideTheirRanges() {
    for (int i = 1; i <= 500; i++) {
      RunPlan plan = RunPlan.draw(9, i, FLEET);
      assertThat(plan.target()).isIn(FLEET);
      assertThat(plan.injectAfter()).isBetween(Duration.ZERO, Duration.ofMillis(2000));
      assertThat(plan.hold()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(2500));
    }
  }

  @Test
  void theReportCountsByKindAndPrintsAViolatedRunWithTheCommandThatReplaysIt() {
    FaultReport report = new FaultReport(31, 1);
    RunPlan clean = RunPlan.draw(31, 1, FLEET);
    RunPlan broken = RunPlan.draw(31, 2, FLEET);
    report.add(new RunResult(clean, Duration.ofMillis(400), List.of(), 0));
    report.add(new RunResult(broken, Duration.ofSeconds(3), List.of("b: sshd -t fails"), 1));

    String table = report.table(Duration.ofSeconds(20));

    assertThat(report.failed()).extracting(RunResult::plan).containsExactly(broken);
    assertThat(table).contains("seed 31, 2 runs in 20 s", "VIOLATED in run 2 (seed 31)", "  - b: sshd -t fails",
        "  this run alone: hack/faults.sh 31 2 2", "replay: hack/faults.sh 31 2");
    assertThat(table.lines().filter(line -> line.startsWith("all ")).findFirst().orElseThrow())
        .matches("all\\s+2\\s+1\\s+.*\\s+1");
  }

  @Test
  void aSuiteStartedAtALaterRunReplaysFromThatRun() {
    FaultReport report = new FaultReport(31, 338);
    report.add(new RunResult(RunPlan.draw(31, 338, FLEET), Duration.ofSeconds(2), List.of("c: not running"), 0));
    report.add(new RunResult(RunPlan.draw(31, 339, FLEET), Duration.ofSeconds(1), List.of(), 0));

    String table = report.table(Duration.ofSeconds(30));

    assertThat(table).contains("VIOLATED in run 338 (seed 31)", "  this run alone: hack/faults.sh 31 338 338",
        "replay: hack/faults.sh 31 339 338");
  }
}
