package io.ecslogon.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private final EcsInstance owner = owner(3L);

  @Test
  void newConditionGetsTheTimeAndGeneration() {
    List<Condition> set = at("2026-01-01T00:00:00Z").set(List.of(), owner, "Ready", "True", "Ready", "fine");

    assertThat(set).singleElement().satisfies(condition -> {
      assertThat(condition.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(condition.getObservedGeneration()).isEqualTo(3L);
      assertThat(condition.getReason()).isEqualTo("Ready");
    });
  }

  @Test
  void sameStatusKeepsTheTransitionTimeEvenWhenReasonChanges() {
    List<Condition> first = at("2026-01-01T00:00:00Z").set(List.of(), owner, "Ready", "False", "Unreachable", "down");
    List<Condition> second = at("2026-01-01T01:00:00Z").set(first, owner(4L), "Ready", "False", "AuthenticationFailed", "no");

    assertThat(second).singleElement().satisfies(condition -> {
      assertThat(condition.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(condition.getReason()).isEqualTo("AuthenticationFailed");
      assertThat(condition.getObservedGeneration()).isEqualTo(4L);
    });
  }

  @Test
  void statusChangeMovesTheTransitionTimeAndKeepsOtherConditionsInPlace() {
    Conditions early = at("2026-01-01T00:00:00Z");
    List<Condition> both = early.set(early.set(List.of(), owner, "Reachable", "True", "Connected", ""),
        owner, "Ready", "False", "Unreachable", "down");
    List<Condition> after = at("2026-01-02T00:00:00Z").set(both, owner, "Reachable", "False", "Unreachable", "x");

    assertThat(after).extracting(Condition::getType).containsExactly("Reachable", "Ready");
    assertThat(after.get(0).getLastTransitionTime()).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(after.get(1).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(Conditions.isTrue(after, "Reachable")).isFalse();
  }

  private static Conditions at(String instant) {
    return new Conditions(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  private static EcsInstance owner(long generation) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName("i").withGeneration(generation).build());
    return instance;
  }
}
