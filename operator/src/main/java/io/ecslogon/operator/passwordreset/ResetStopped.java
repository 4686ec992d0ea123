package io.ecslogon.operator.passwordreset;

/**
 * Why a reset cannot go on now: {@code permanent} ends it as Failed; otherwise it stays where it
 * is and is looked at again (a missing Secret may still be created, an instance may become Ready).
 */
final class ResetStopped extends RuntimeException {
  private final String reason;
  private final boolean permanent;
  private final boolean refused;

  private ResetStopped(String reason, String message, boolean permanent, boolean refused) {
    super(message, null, false, false);
    this.reason = reason;
    this.permanent = permanent;
    this.refused = refused;
  }

  static ResetStopped failed(String reason, String message) {
    return new ResetStopped(reason, message, true, true);
  }

  static ResetStopped waiting(String reason, String message) {
    return new ResetStopped(reason, message, false, false);
  }

  /** Waiting because the operator refuses what it was given until a person changes it: worth a Warning. */
  static ResetStopped refusedUntilFixed(String reason, String message) {
    return new ResetStopped(reason, message, false, true);
  }

  boolean refused() {
    return refused;
  }

  String reason() {
    return reason;
  }

  boolean permanent() {
    return permanent;
  }
}
