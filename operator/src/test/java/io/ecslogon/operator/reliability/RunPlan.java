package io.ecslogon.operator.reliability;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the fault-injection suite, drawn from the seed and the run's number alone: the same
 * seed gives the same runs in the same order, so a failing run is replayed with its seed.
 *
 * @param target the instance an instance fault or a person's edit hits
 * @param injectAfter how long after the scenario's change the fault starts (a random point of the work)
 * @param hold how long a lasting fault (stall, disk full, API down ...) lasts
 */
record RunPlan(long seed, int index, Scenario scenario, FaultKind fault, String target, Duration injectAfter,
    Duration hold) {

  static RunPlan draw(long seed, int index, List<String> instances) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    Scenario scenario = Scenario.values()[random.nextInt(Scenario.values().length)];
    // Faults take turns from a place the seed picks, so that every kind is hit in any run of as many runs in a row as there are kinds.
    FaultKind[] faults = FaultKind.values();
    FaultKind fault = faults[(int) Math.floorMod(seed + index, (long) faults.length)];
    String target = instances.get(random.nextInt(instances.size()));
    return new RunPlan(seed, index, scenario, fault, target, Duration.ofMillis(random.nextInt(0, 2000)),
        Duration.ofMillis(random.nextInt(1000, 2500)));
  }

  @Override
  public String toString() {
    return "run " + index + " (seed " + seed + "): " + scenario + " with " + fault + " on " + target + " after "
        + injectAfter.toMillis() + " ms, held " + hold.toMillis() + " ms";
  }
}
