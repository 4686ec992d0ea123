package io.ecslogon.operator.convergence;

/**
 * The LogonUser (or one instance's part of it) was not applied, for a reason a person can act
 * on: invalid or unusable input, a wait, or an instance that cannot take the user as declared.
 * Thrown before anything is changed; the reason becomes a condition or an instance result.
 */
public final class NotApplied extends RuntimeException {
  private final String reason;

  public NotApplied(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
