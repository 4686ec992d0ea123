package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.host.CommandTimedOutException;
import io.ecslogon.operator.host.OutputTooLargeException;
import io.ecslogon.operator.host.linux.AuthorizedKeysRefusedException;

/** The per-instance reason for work on an instance that failed, as a word a person can look up. */
final class InstanceFailure {
  /** authorized_keys is a symlink, not a regular file, too large or unreadable; nothing was written. */
  static final String AUTHORIZED_KEYS_REFUSED = "AuthorizedKeysRefused";
  /** A command did not finish within ECSLOGON_SSH_COMMAND_TIMEOUT; the connection was closed. */
  static final String COMMAND_TIMED_OUT = "CommandTimedOut";
  /** A command wrote more than ECSLOGON_SSH_MAX_OUTPUT; its output was not used. */
  static final String OUTPUT_TOO_LARGE = "OutputTooLarge";
  /** Anything else on the instance: unreachable, a command that failed. */
  static final String INSTANCE_ERROR = "InstanceError";

  private InstanceFailure() {}

  static String reason(RuntimeException failure) {
    if (failure instanceof AuthorizedKeysRefusedException) {
      return AUTHORIZED_KEYS_REFUSED;
    }
    if (failure instanceof CommandTimedOutException) {
      return COMMAND_TIMED_OUT;
    }
    if (failure instanceof OutputTooLargeException) {
      return OUTPUT_TOO_LARGE;
    }
    return INSTANCE_ERROR;
  }
}
