package io.ecslogon.operator.host;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Proves that a new login still works, outside the connection pool: a new TCP connection, the
 * host key checked, the operator's credentials, and one command (through sudo for a non-root
 * admin, so sudo is proven too). Used right after sshd re-read its configuration; sshd closes its
 * listening socket for a moment while it re-executes, so refused connections are tried again for a
 * few seconds, but a refused login is an answer at once.
 */
public class FreshLogin {
  private static final Command PROBE = Command.of("true");

  private final SshConnector connector;
  private final Duration settle;
  private final Duration patience;

  public FreshLogin(SshConnector connector, Duration settle, Duration patience) {
    this.connector = connector;
    this.settle = settle;
    this.patience = patience;
  }

  /** Empty when logging on works; otherwise why not. */
  public Optional<String> problem(SshTarget target) {
    return attempt(target, connection -> {
      CommandResult result = connection.run(PROBE);
      return result.succeeded() ? Optional.empty()
          : Optional.of("a fresh login as " + target.user() + " worked but running a command failed (exit "
              + result.exitCode() + ")");
    }, Unanswered.REPORT);
  }

  /**
   * Empty when {@code target}'s credentials are accepted; nothing is run, so it proves a login for
   * a user who may not run sudo (a password just set for someone else than the admin).
   *
   * @throws HostUnreachableException when sshd did not answer within the patience: unlike for
   *     {@link #problem}, where an sshd that no longer answers after a reload is itself the problem
   *     (and the change is rolled back), here it says nothing about the credentials, so the caller
   *     waits and tries again rather than reporting a login that was never tried as failed
   */
  public Optional<String> authenticationProblem(SshTarget target) {
    return attempt(target, connection -> Optional.empty(), Unanswered.THROW);
  }

  /** What to do when sshd gave no answer at all within the patience. */
  private enum Unanswered { REPORT, THROW }

  private Optional<String> attempt(SshTarget target, Function<SshConnection, Optional<String>> then,
      Unanswered unanswered) {
    sleep(settle);
    long deadline = System.nanoTime() + patience.toNanos();
    HostUnreachableException last;
    do {
      try (SshConnection connection = connector.connect(target)) {
        return then.apply(connection);
      } catch (AuthenticationFailedException | HostKeyMismatchException | AddressNotAllowedException
          | AlgorithmsRefusedException e) {
        return Optional.of("a fresh login as " + target.user() + " failed: " + e.getMessage());
      } catch (HostUnreachableException e) {
        last = e;
        sleep(Duration.ofMillis(300));
      }
    } while (System.nanoTime() < deadline);
    if (unanswered == Unanswered.THROW) {
      throw new HostUnreachableException("no answer from " + target.endpoint() + " within "
          + patience.toSeconds() + " s to try a fresh login as " + target.user() + ": " + last.getMessage(), last);
    }
    return Optional.of("no fresh login as " + target.user() + " within " + patience.toSeconds() + " s: "
        + last.getMessage());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
