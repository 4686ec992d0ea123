package io.ecslogon.operator.testing.ecs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Failures and delays a test asked for, consumed one per call of the action they name. */
final class FaultPlan {
  private final Map<String, Deque<EcsApiException>> failures = new HashMap<>();
  private final Map<String, Deque<Duration>> delays = new HashMap<>();

  synchronized void failNext(String action, int times, int httpStatus, String code) {
    Deque<EcsApiException> queue = failures.computeIfAbsent(action, a -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new EcsApiException(httpStatus, code, "Injected by the test: " + code));
    }
  }

  synchronized void delayNext(String action, int times, Duration delay) {
    Deque<Duration> queue = delays.computeIfAbsent(action, a -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(delay);
    }
  }

  /** Waits out a planned delay, then throws a planned failure, if any is left for this action. */
  void apply(String action) throws InterruptedException {
    Duration delay;
    EcsApiException failure;
    synchronized (this) {
      delay = poll(delays, action);
      failure = poll(failures, action);
    }
    if (delay != null) {
      Thread.sleep(delay.toMillis());
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static <T> T poll(Map<String, Deque<T>> plan, String action) {
    Deque<T> queue = plan.get(action);
    return queue == null ? null : queue.poll();
  }
}
