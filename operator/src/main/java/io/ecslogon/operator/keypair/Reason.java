package io.ecslogon.operator.keypair;

import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.ecslogon.operator.status.ReconcileErrors;

/** Condition and Event reasons of KeyPair: CamelCase words a person can search the docs for. */
final class Reason {
  static final String GENERATED = "Generated";
  static final String GENERATING = "Generating";
  static final String IMPORTED = "Imported";
  static final String INVALID_SPEC = "InvalidSpec";
  static final String INVALID_PUBLIC_KEY = "InvalidPublicKey";
  static final String SECRET_NOT_OPTED_IN = SecretNotOptedInException.REASON;
  static final String PASSPHRASE_SECRET_INVALID = "PassphraseSecretInvalid";
  static final String SECRET_CONFLICT = "SecretConflict";
  static final String SECRET_MODIFIED = "SecretModified";
  static final String SECRET_KEY_CHANGED = "SecretKeyChanged";
  static final String SECRET_KEY_ACCEPTED = "SecretKeyAccepted";
  static final String EXPIRED = "Expired";
  /** Why a key was replaced (Events): no Secret any more, a new type or size, the schedule. */
  static final String SECRET_RECREATED = "SecretRecreated";
  static final String REGENERATED = "Regenerated";
  static final String ROTATED = "Rotated";
  /** RegisteredInEcs (spec.alibabaCloud); credentials reasons come from {@code CloudCredentialsSource.Unusable}. */
  static final String REGISTERED = "Registered";
  static final String KEY_TYPE_NOT_ACCEPTED = "KeyTypeNotAccepted";
  static final String INVALID_KEY_PAIR_NAME = "InvalidKeyPairName";
  static final String NAME_TAKEN = "NameTaken";
  static final String STILL_BOUND = "StillBound";
  static final String CLOUD_API_ERROR = "CloudApiError";
  /** Events of what the operator did in ECS. */
  static final String REIMPORTED_IN_ECS = "ReimportedInEcs";
  static final String DELETED_FROM_ECS = "DeletedFromEcs";
  static final String ECS_CLEANUP_SKIPPED = "EcsCleanupSkipped";
  /** An exception escaped the reconcile; see {@code KeyPairReconciler#updateErrorStatus}. */
  static final String RECONCILE_ERROR = ReconcileErrors.REASON;

  private Reason() {}
}
