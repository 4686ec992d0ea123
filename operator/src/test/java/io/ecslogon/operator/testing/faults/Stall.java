package io.ecslogon.operator.testing.faults;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A gate every pump passes before it writes: closed for a while, then open again. */
final class Stall {
  private boolean active;
  private long untilNanos;

  synchronized void stallFor(Duration duration) {
    active = true;
    untilNanos = System.nanoTime() + duration.toNanos();
    notifyAll();
  }

  synchronized void clear() {
    active = false;
    notifyAll();
  }

  /** Wakes waiting pumps so that those whose connection was cut can leave. */
  synchronized void wakeAll() {
    notifyAll();
  }

  /**
   * Returns once no stall is in force, or as soon as {@code wanted} turns false (the connection was
   * cut); returns whether it is still wanted.
   */
  synchronized boolean awaitFlowing(BooleanSupplier wanted) throws InterruptedException {
    while (active && wanted.getAsBoolean()) {
      long left = untilNanos - System.nanoTime();
      if (left <= 0) {
        active = false;
      } else {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
    return wanted.getAsBoolean();
  }
}
