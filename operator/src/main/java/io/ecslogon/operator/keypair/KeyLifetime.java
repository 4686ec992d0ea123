package io.ecslogon.operator.keypair;

import io.ecslogon.operator.GoDuration;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a KeyPair's key must be replaced (rotation) and when the whole KeyPair expires. Rotation
 * follows cert-manager: a key lives {@code interval} and is replaced {@code renewBefore} (default:
 * a third of the interval) before its end. Expiry counts from the KeyPair's creation.
 */
final class KeyLifetime {
  private KeyLifetime() {}

  static Optional<Instant> expiresAt(KeyPair keyPair) {
    String after = keyPair.getSpec().getExpiresAfter();
    if (after == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(keyPair.getMetadata().getCreationTimestamp()).plus(GoDuration.parse(after)));
  }

  /** When the key generated at {@code generatedAt} is due for replacement, if rotation is on. */
  static Optional<Instant> rotationDue(KeyPairSpec spec, Instant generatedAt) {
    if (spec.getRotation() == null) {
      return Optional.empty();
    }
    Duration interval = GoDuration.parse(spec.getRotation().getInterval());
    return Optional.of(generatedAt.plus(interval).minus(renewBefore(spec)));
  }

  /** How long a replaced public key stays listed, so consumers can move to the new one first. */
  static Duration renewBefore(KeyPairSpec spec) {
    if (spec.getRotation() == null) {
      return Duration.ofHours(1);
    }
    if (spec.getRotation().getRenewBefore() != null) {
      return GoDuration.parse(spec.getRotation().getRenewBefore());
    }
    return GoDuration.parse(spec.getRotation().getInterval()).dividedBy(3);
  }
}
