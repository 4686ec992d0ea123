package io.ecslogon.operator.keypair;

/**
 * Whether the key found in a KeyPair's own Secret may become the KeyPair's key when status
 * describes another one. The Secret's metadata proves nothing (anyone who may write Secrets can
 * copy its labels and ownerReference), so the operator trusts a key only if it wrote that key
 * itself (this process remembers it, or status announced it before the write), or a person
 * accepted it by naming its fingerprint on the KeyPair.
 */
final class SecretKeyTrust {
  /** Annotation on a KeyPair: the SHA256 fingerprint of a key put into its Secret by hand that may be used. */
  static final String ACCEPT_ANNOTATION = "ecslogon.io/accept-secret-key";

  enum Verdict {
    /** The operator wrote this key; status only lags behind (a stale read of its own write). */
    WRITTEN_BY_OPERATOR,
    /** Someone else put it there, and a person accepted it through {@link #ACCEPT_ANNOTATION}. */
    ACCEPTED,
    /** Someone else put it there; it is reported and not used until a person accepts it. */
    REFUSED
  }

  private SecretKeyTrust() {}

  /**
   * @param lastWrittenFingerprint what this process last wrote into the Secret (null after a restart)
   * @param announcedFingerprint what status announced before the Secret was written: only the
   *     operator writes status, so a key with this fingerprint is one it generated, even if the
   *     process that wrote it died before status could describe it
   */
  static Verdict judge(String heldFingerprint, String lastWrittenFingerprint, String announcedFingerprint,
      String acceptedFingerprint) {
    if (heldFingerprint.equals(lastWrittenFingerprint) || heldFingerprint.equals(announcedFingerprint)) {
      return Verdict.WRITTEN_BY_OPERATOR;
    }
    if (acceptedFingerprint != null && heldFingerprint.equals(acceptedFingerprint.strip())) {
      return Verdict.ACCEPTED;
    }
    return Verdict.REFUSED;
  }
}
