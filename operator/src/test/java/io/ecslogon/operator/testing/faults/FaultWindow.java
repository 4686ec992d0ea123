package io.ecslogon.operator.testing.faults;

import java.time.Duration;

/** One fault until a deadline on the {@link System#nanoTime()} clock; {@code delay} only for {@link Fault#SLOW}. */
record FaultWindow(Fault fault, long endNanos, Duration delay) {
  static final FaultWindow NONE = new FaultWindow(Fault.PASS, Long.MIN_VALUE, Duration.ZERO);

  static FaultWindow of(Fault fault, Duration length, Duration delay) {
    if (length.isNegative()) {
      throw new IllegalArgumentException("a fault window cannot be negative: " + length);
    }
    return new FaultWindow(fault, System.nanoTime() + length.toNanos(), delay);
  }

  /** The fault in force at {@code nanos}: this one while the window is open, else none. */
  FaultWindow at(long nanos) {
    return nanos - endNanos < 0 ? this : NONE;
  }
}
