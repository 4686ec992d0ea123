package io.ecslogon.operator.ecsinstance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryDelayTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private final RetryDelay delay = new RetryDelay(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5),
      Duration.ofMinutes(5));

  @Test
  void growsWithTheTimeSpentNotReadyBetweenFloorAndCeiling() {
    assertThat(delay.after(readyFalseSince(NOW))).isEqualTo(Duration.ofSeconds(5));
    assertThat(delay.after(readyFalseSince(NOW.minusSeconds(20)))).isEqualTo(Duration.ofSeconds(20));
    assertThat(delay.after(readyFalseSince(NOW.minusSeconds(3600)))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void usesTheFloorWhenNotFailing() {
    assertThat(delay.after(List.of())).isEqualTo(Duration.ofSeconds(5));
  }

  private static List<Condition> readyFalseSince(Instant since) {
    return List.of(new ConditionBuilder().withType("Ready").withStatus("False").withLastTransitionTime(since.toString())
        .build());
  }
}
