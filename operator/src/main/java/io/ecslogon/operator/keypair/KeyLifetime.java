package io.ecslogon.operator.keypair;

import io.ecslogon.operator.GoDuration;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairSpec;
import io.ecslogon.operator.api.v1alpha1.KeyRotation;
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

  private static final Duration MIN_INTERVAL = GoDuration.parse(KeyRotation.MIN_INTERVAL);
  private static final Duration MAX_INTERVAL = GoDuration.parse(KeyRotation.MAX_INTERVAL);
  /** Expiry beyond this is no expiry; the bound keeps instant arithmetic far from overflow. */
  static final Duration MAX_EXPIRES_AFTER = MAX_INTERVAL;

  /**
   * What is wrong with the spec's durations, checked again in code (the API schema may be missing
   * or older): a rotation every second would churn keys and grow status.previousPublicKeys, and a
   * duration past the clock's range would fail every reconcile.
   */
  static Optional<String> problem(KeyPairSpec spec) {
    try {
      if (spec.getRotation() != null) {
        Duration interval = GoDuration.parse(spec.getRotation().getInterval());
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
          return Optional.of("spec.rotation.interval must be between " + KeyRotation.MIN_INTERVAL + " and "
              + KeyRotation.MAX_INTERVAL);
        }
        if (spec.getRotation().getRenewBefore() != null
            && GoDuration.parse(spec.getRotation().getRenewBefore()).compareTo(interval) >= 0) {
          return Optional.of("spec.rotation.renewBefore must be shorter than spec.rotation.interval");
        }
      }
      if (spec.getExpiresAfter() != null
          && GoDuration.parse(spec.getExpiresAfter()).compareTo(MAX_EXPIRES_AFTER) > 0) {
        return Optional.of("spec.expiresAfter must be at most " + KeyRotation.MAX_INTERVAL);
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.of("spec.rotation and spec.expiresAfter must be durations such as 720h: " + e.getMessage());
    }
    return Optional.empty();
  }

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
