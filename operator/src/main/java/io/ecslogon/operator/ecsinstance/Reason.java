package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.host.AddressNotAllowedException;
import io.ecslogon.operator.host.AlgorithmsRefusedException;
import io.ecslogon.operator.host.CommandTimedOutException;
import io.ecslogon.operator.host.OutputTooLargeException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;

/** Condition reasons of EcsInstance: CamelCase words a person can search the docs for. */
final class Reason {
  static final String READY = "Ready";
  static final String CONNECTED = "Connected";
  static final String UNREACHABLE = "Unreachable";
  static final String ADDRESS_NOT_ALLOWED = AddressNotAllowedException.REASON;
  static final String PINNED = "Pinned";
  static final String TRUSTED_ON_FIRST_USE = "TrustedOnFirstUse";
  static final String HOST_KEY_RECORDED = "HostKeyRecorded";
  static final String HOST_KEY_MISMATCH = "HostKeyMismatch";
  static final String HOST_KEY_CHANGED_AT_ADDRESS = "HostKeyChangedAtAddress";
  static final String ALGORITHMS_REFUSED = AlgorithmsRefusedException.REASON;
  static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  static final String ADMIN_SECRET_NOT_FOUND = "AdminSecretNotFound";
  static final String ADMIN_SECRET_INVALID = "AdminSecretInvalid";
  static final String SECRET_NOT_OPTED_IN = SecretNotOptedInException.REASON;
  static final String HOST_KEY_NOT_PINNED = PasswordHostKeyRule.REASON;
  static final String INVALID_SPEC = "InvalidSpec";
  static final String COMMAND_FAILED = "CommandFailed";
  static final String COMMAND_TIMED_OUT = CommandTimedOutException.REASON;
  static final String OUTPUT_TOO_LARGE = OutputTooLargeException.REASON;
  static final String INSTANCE_NOT_FOUND = "InstanceNotFound";
  static final String CLOUD_API_ERROR = "CloudApiError";
  static final String NO_ADDRESS = "NoAddress";
  static final String CLOUD_ASSISTANT_NOT_RUNNING = "CloudAssistantNotRunning";
  static final String OPERATOR_KEY_NOT_INSTALLED = "OperatorKeyNotInstalled";
  static final String OPERATOR_KEY_SECRET_CONFLICT = "OperatorKeySecretConflict";
  static final String HOST_KEY_NOT_REPORTED = "HostKeyNotReported";
  static final String VOUCHED_BY_CLOUD = "VouchedByCloud";
  static final String OPERATOR_KEY_INSTALLED = "OperatorKeyInstalled";
  static final String OPERATOR_KEY_ROTATED = "OperatorKeyRotated";
  static final String OPERATOR_KEY_ROTATION_POSTPONED = "OperatorKeyRotationPostponed";

  private Reason() {}
  static final String SSHD_NOT_MANAGED = "NotManaged";
  static final String SSHD_IN_SYNC = "InSync";
  static final String SSHD_APPLIED = "Applied";
  static final String SSHD_WOULD_LOCK_OUT = "WouldLockOut";
  static final String SSHD_CONFIG_REJECTED = "ConfigRejected";
  static final String SSHD_ROLLED_BACK = "RolledBack";
  static final String SSHD_NEEDS_SSH = "NeedsSsh";
  static final String CLOUD_ASSISTANT = "CloudAssistant";
  static final String IMAGE_READY = "NoCredentialsLeft";
  static final String CREDENTIALS_LEFT = "CredentialsLeft";
  static final String SSHD_BLOCK_MALFORMED = "ManagedBlockMalformed";
  static final String SSHD_OVERRIDDEN = "Overridden";
  static final String RESTARTING = "Restarting";
  static final String RESTARTED = "Restarted";
  static final String RESTART_NOT_ALLOWED = "RestartNotAllowed";
  static final String RESTART_NOT_ASKED = "RestartNotAsked";
  static final String NO_RESTART_REQUESTED = "NotRequested";
  static final String RESTART_REQUEST_INVALID = "InvalidRestartRequest";
  /** KeyPairAttached (spec.alibabaCloud.keyPairRef); a lock-out is LockOutGuard's WouldLockOutOperator. */
  static final String KEY_PAIR_ATTACHED = "Attached";
  static final String KEY_PAIR_ATTACH_PENDING = "AttachPending";
  static final String WAITING_FOR_RESTART = "WaitingForRestart";
  static final String KEY_PAIR_NOT_FOUND = "KeyPairNotFound";
  static final String KEY_PAIR_NOT_REGISTERED = "KeyPairNotRegistered";
  static final String REGION_MISMATCH = "RegionMismatch";
  /** Events of what the operator did about the key pair. */
  static final String KEY_PAIR_ATTACHED_EVENT = "KeyPairAttached";
  static final String KEY_PAIR_IN_EFFECT = "KeyPairInEffect";
}
