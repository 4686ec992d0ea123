package io.ecslogon.operator.testing.faults;

/** How many more bytes one direction of a connection may forward; unlimited unless a fault set it. */
final class ByteBudget {
  private static final long UNLIMITED = -1;

  private long left = UNLIMITED;

  synchronized void limitTo(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a byte budget cannot be negative: " + bytes);
    }
    left = bytes;
  }

  synchronized void lift() {
    left = UNLIMITED;
  }

  /** Takes up to {@code wanted} bytes from the budget; returns how many may be forwarded. */
  synchronized int take(int wanted) {
    if (left == UNLIMITED) {
      return wanted;
    }
    int granted = (int) Math.min(wanted, left);
    left -= granted;
    return granted;
  }

  synchronized boolean exhausted() {
    return left == 0;
  }
}
