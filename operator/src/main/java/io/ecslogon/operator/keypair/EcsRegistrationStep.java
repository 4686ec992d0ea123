package io.ecslogon.operator.keypair;

import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs;
import java.util.Optional;

/**
 * What to do in ECS for a name, from what ECS holds under it and whether status says this operator
 * registered it: a pure decision, so that "never replace someone else's key pair" is tested alone.
 */
enum EcsRegistrationStep {
  /** ECS has no key pair of that name. */
  IMPORT,
  /** ECS holds, under the name, the key this KeyPair registered, and it is still the current one. */
  UP_TO_DATE,
  /** ECS holds, under the name, the key this KeyPair registered, but the KeyPair has another one now (a rotation). */
  REPLACE,
  /**
   * ECS holds under the name a key pair this KeyPair did not register (or no longer the one it
   * registered): someone else's, left alone. Also when it holds the very same public key: a public
   * key is public, so holding it proves nothing about who registered it, and adopting it would let
   * the adopter delete or replace it later.
   */
  NAME_TAKEN;

  /**
   * @param fingerprintInEcs ECS's fingerprint of the key pair of that name, empty if it has none
   * @param currentMd5 the MD5 fingerprint of the KeyPair's current public key
   * @param registeredMd5 the fingerprint status recorded when this KeyPair registered the name, if it did
   */
  static EcsRegistrationStep decide(Optional<String> fingerprintInEcs, String currentMd5,
      Optional<String> registeredMd5) {
    if (fingerprintInEcs.isEmpty()) {
      return IMPORT;
    }
    if (registeredMd5.isEmpty() || !sameFingerprint(fingerprintInEcs.get(), registeredMd5.get())) {
      return NAME_TAKEN;
    }
    return sameFingerprint(fingerprintInEcs.get(), currentMd5) ? UP_TO_DATE : REPLACE;
  }

  /** See {@link EcsKeyPairs#sameFingerprint}. */
  static boolean sameFingerprint(String a, String b) {
    return EcsKeyPairs.sameFingerprint(a, b);
  }
}
