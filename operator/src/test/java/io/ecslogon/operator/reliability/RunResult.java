package io.ecslogon.operator.reliability;

import java.time.Duration;
import java.util.List;

/**
 * What one run came to.
 *
 * @param recovery from the fault's end until every resource was settled again
 * @param violations broken invariants, each a sentence
 * @param personEditsLost lines a person wrote at the same moment as the operator that were gone at the end
 */
record RunResult(RunPlan plan, Duration recovery, List<String> violations, int personEditsLost) {}
