package io.ecslogon.operator.host;

import java.time.Duration;
import java.util.Objects;

/**
 * What one command on an instance may cost the operator: how long it may run (enforced while its
 * output is read, not after it ended) and how many bytes it may write to stdout and to stderr
 * (each). An instance is not trusted to end its commands or to keep its output small: a managed
 * user can make a file huge (sparse, costing no disk) or swap it for a FIFO that never ends.
 *
 * @param timeout the deadline of one command, from start to exit status
 * @param maxOutputBytes the most bytes read from stdout, and from stderr, of one command
 */
public record CommandLimits(Duration timeout, int maxOutputBytes) {
  public CommandLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a command timeout must be positive, got " + timeout);
    }
    if (maxOutputBytes <= 0) {
      throw new IllegalArgumentException("an output limit must be positive, got " + maxOutputBytes);
    }
  }
}
