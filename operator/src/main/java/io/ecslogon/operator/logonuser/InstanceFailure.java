package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.host.CommandTimedOutException;
import io.ecslogon.operator.host.OutputTooLargeException;
import io.ecslogon.operator.host.SecretNotSentException;
import io.ecslogon.operator.host.linux.AuthorizedKeysRefusedException;

/**
 * The per-instance reason for work on an instance that failed, as a word a person can look up:
 * the host layer's own reason where it names one, otherwise InstanceError.
 */
final class InstanceFailure {
  /** Anything else on the instance: unreachable, a command that failed. */
  static final String INSTANCE_ERROR = "InstanceError";

  private InstanceFailure() {}

  static String reason(RuntimeException failure) {
    if (failure instanceof AuthorizedKeysRefusedException) {
      return AuthorizedKeysRefusedException.REASON;
    }
    if (failure instanceof CommandTimedOutException) {
      return CommandTimedOutException.REASON;
    }
    if (failure instanceof OutputTooLargeException) {
      return OutputTooLargeException.REASON;
    }
    if (failure instanceof SecretNotSentException) {
      return SecretNotSentException.REASON;
    }
    return INSTANCE_ERROR;
  }
}
