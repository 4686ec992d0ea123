package io.ecslogon.operator.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegionBudgetTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RegionBudget budget = new RegionBudget(10, now::get);

  @Test
  void requestsInOneBurstAreSpreadOneIntervalApart() {
    assertThat(budget.reserve("cn-hangzhou")).isZero();
    assertThat(budget.reserve("cn-hangzhou")).isEqualTo(100_000_000L);
    assertThat(budget.reserve("cn-hangzhou")).isEqualTo(200_000_000L);
  }

  @Test
  void eachRegionHasItsOwnBudget() {
    budget.reserve("cn-hangzhou");
    budget.reserve("cn-hangzhou");
    assertThat(budget.reserve("cn-beijing")).isZero();
  }

  @Test
  void anIdleBudgetDoesNotSaveUpABurst() {
    budget.reserve("cn-hangzhou");
    now.addAndGet(5_000_000_000L);
    assertThat(budget.reserve("cn-hangzhou")).isZero();
    assertThat(budget.reserve("cn-hangzhou")).isEqualTo(100_000_000L);
  }
}
