package io.ecslogon.operator.passwordreset;

/**
 * Why a reset cannot go on now: {@code permanent} ends it as Failed; otherwise it stays where it
 * is and is looked at again (a missing Secret may still be created, an instance may become Ready).
 */
final class ResetStopped extends RuntimeException {
  private final String reason;
  private final boolean permanent;

  private ResetStopped(String reason, String message, boolean permanent) {
    super(message, null, false, false);
    this.reason = reason;
    this.permanent = permanent;
  }

  static ResetStopped failed(String reason, String message) {
    return new ResetStopped(reason, message, true);
  }

  static ResetStopped waiting(String reason, String message) {
    return new ResetStopped(reason, message, false);
  }

  String reason() {
    return reason;
  }

  boolean permanent() {
    return permanent;
  }
}
