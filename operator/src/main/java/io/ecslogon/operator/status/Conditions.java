package io.ecslogon.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds status conditions the way Kubernetes API conventions ask: every condition carries the
 * generation it was computed for, and {@code lastTransitionTime} only moves when the status
 * (True/False/Unknown) changes, so a condition that merely keeps being true does not flap and
 * GitOps tools see no spurious diffs.
 */
public class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private final Clock clock;

  public Conditions(Clock clock) {
    this.clock = clock;
  }

  /**
   * Returns {@code previous} with the condition of {@code type} set; other conditions are kept as
   * they are. The list keeps the order in which condition types first appeared.
   */
  public List<Condition> set(List<Condition> previous, HasMetadata owner, String type, String status, String reason,
      String message) {
    List<Condition> next = new ArrayList<>(previous == null ? List.of() : previous);
    Optional<Condition> existing = find(next, type);
    String transitionTime = existing
        .filter(condition -> Objects.equals(condition.getStatus(), status))
        .map(Condition::getLastTransitionTime)
        .orElseGet(this::now);
    Condition condition = new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(owner.getMetadata().getGeneration())
        .withLastTransitionTime(transitionTime)
        .build();
    existing.ifPresentOrElse(old -> next.set(next.indexOf(old), condition), () -> next.add(condition));
    return next;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(condition -> type.equals(condition.getType())).findFirst();
  }

  /**
   * Whether a condition of {@code type} with this reason and message would be news against
   * {@code previous}: what is announced once, not again at every resync.
   */
  public static boolean news(List<Condition> previous, String type, String reason, String message) {
    return find(previous, type)
        .filter(condition -> Objects.equals(condition.getReason(), reason)
            && Objects.equals(condition.getMessage(), message))
        .isEmpty();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(condition -> TRUE.equals(condition.getStatus())).orElse(false);
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
