package io.ecslogon.operator.provider.alibabacloud;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * At most N requests per second per region and credentials, spread evenly: each request takes the
 * next free slot and waits for it. ECS throttles per account, region and API; a fleet visited at
 * once would otherwise spend the account's budget in one burst, also for every other tool using it.
 */
class RegionBudget {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> nextFreeSlot = new ConcurrentHashMap<>();

  RegionBudget(double requestsPerSecond) {
    this(requestsPerSecond, System::nanoTime);
  }

  RegionBudget(double requestsPerSecond, LongSupplier nanoTime) {
    this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / requestsPerSecond);
    this.nanoTime = nanoTime;
  }

  /** Blocks until this request's slot in {@code key}'s budget. */
  void acquire(String key) throws InterruptedException {
    long wait = reserve(key);
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Takes the next slot and says how long to wait for it, in nanoseconds. */
  long reserve(String key) {
    long[] next = nextFreeSlot.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE});
    synchronized (next) {
      long now = nanoTime.getAsLong();
      long slot = next[0] == Long.MIN_VALUE ? now : Math.max(now, next[0]);
      next[0] = slot + intervalNanos;
      return slot - now;
    }
  }
}
