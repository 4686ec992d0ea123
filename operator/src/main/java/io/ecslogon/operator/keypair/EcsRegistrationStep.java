package io.ecslogon.operator.keypair;

import java.util.Locale;
import java.util.Optional;

/**
 * What to do in ECS for a name, from what ECS holds under it and whether status says this operator
 * registered it: a pure decision, so that "never replace someone else's key pair" is tested alone.
 */
enum EcsRegistrationStep {
  /** ECS has no key pair of that name. */
  IMPORT,
  /** ECS holds the current key under that name: nothing to do (also after a status write was lost). */
  UP_TO_DATE,
  /** ECS holds another key under the operator's own name (a rotation): delete it and import the current key. */
  REPLACE,
  /** ECS holds another key under a name the operator never registered: someone else's, left alone. */
  NAME_TAKEN;

  /**
   * @param fingerprintInEcs ECS's fingerprint of the key pair of that name, empty if it has none
   * @param currentMd5 the MD5 fingerprint of the KeyPair's current public key
   * @param registeredByOperator status says the operator registered this name in this region
   */
  static EcsRegistrationStep decide(Optional<String> fingerprintInEcs, String currentMd5,
      boolean registeredByOperator) {
    if (fingerprintInEcs.isEmpty()) {
      return IMPORT;
    }
    if (sameFingerprint(fingerprintInEcs.get(), currentMd5)) {
      return UP_TO_DATE;
    }
    return registeredByOperator ? REPLACE : NAME_TAKEN;
  }

  /** ECS prints MD5 as colon-separated hex; compared without case, colons or an "MD5:" prefix to be safe. */
  static boolean sameFingerprint(String a, String b) {
    return a != null && b != null && normalized(a).equals(normalized(b));
  }

  private static String normalized(String fingerprint) {
    String lower = fingerprint.trim().toLowerCase(Locale.ROOT);
    return (lower.startsWith("md5:") ? lower.substring(4) : lower).replace(":", "");
  }
}
