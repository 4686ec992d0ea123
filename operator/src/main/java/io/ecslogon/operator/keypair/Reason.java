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
  /** An exception escaped the reconcile; see {@code KeyPairReconciler#updateErrorStatus}. */
  static final String RECONCILE_ERROR = ReconcileErrors.REASON;

  private Reason() {}
}
