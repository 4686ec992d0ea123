package io.ecslogon.operator.reliability;

import java.time.Duration;

/** A sleep for the suite's timing (a fault's hold, a person's pace), interrupt kept. */
final class Pause {
  private Pause() {}

  static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
