package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long to wait before trying a failing instance again. The delay equals the time the instance
 * has been not Ready, clamped between a floor and a ceiling: 5 s, 5 s, 10 s, 20 s, ... up to the
 * ceiling, i.e. exponential backoff with no counter to keep, because the Ready condition's
 * lastTransitionTime already says when the trouble began (and survives an operator restart).
 */
class RetryDelay {
  private final Clock clock;
  private final Duration floor;
  private final Duration ceiling;

  RetryDelay(Clock clock, Duration floor, Duration ceiling) {
    this.clock = clock;
    this.floor = floor;
    this.ceiling = ceiling;
  }

  Duration after(List<Condition> conditions) {
    Duration failingFor = Conditions.find(conditions, ConditionType.READY)
        .filter(ready -> Conditions.FALSE.equals(ready.getStatus()))
        .map(ready -> Duration.between(Instant.parse(ready.getLastTransitionTime()), clock.instant()))
        .orElse(Duration.ZERO);
    if (failingFor.compareTo(floor) < 0) {
      return floor;
    }
    return failingFor.compareTo(ceiling) > 0 ? ceiling : failingFor;
  }
}
