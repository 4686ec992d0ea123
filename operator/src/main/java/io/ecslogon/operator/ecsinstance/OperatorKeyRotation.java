package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.GoDuration;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Replaces the operator's own key (zero-touch onboarding) every
 * spec.alibabaCloud.operatorKeyRotationInterval, without a moment in which the operator could not
 * log on: the new key is made beside the old one, installed through Cloud Assistant, proven by a
 * fresh SSH login, and only then does it become the key; the old one is removed from the instance
 * last. Each step is recorded before the next ({@link OwnAdminKey}), so a crash anywhere leaves a
 * key that works and a rotation the next visit carries on. A step that fails is reported with an
 * Event and tried again on a later visit, with the old key still in use.
 */
final class OperatorKeyRotation {
  private final OwnAdminKey keys;
  private final CloudOnboarding onboarding;
  private final FreshLogin freshLogin;
  private final EventRecorder events;
  private final Clock clock;

  OperatorKeyRotation(OwnAdminKey keys, CloudOnboarding onboarding, FreshLogin freshLogin, EventRecorder events,
      Clock clock) {
    this.keys = keys;
    this.onboarding = onboarding;
    this.freshLogin = freshLogin;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Carries a due or unfinished rotation as far as it goes on this visit.
   *
   * @param current the key in use, as {@link OwnAdminKey#ensure} returned it
   * @param target how this visit logs on, with the current key
   * @param recorded status.alibabaCloud as this visit writes it
   * @return the key to log on with now: the new one once it is promoted
   */
  OwnAdminKey.Key continueIfDue(EcsInstance instance, OwnAdminKey.Key current, SshTarget target,
      AlibabaCloudInstanceStatus recorded) {
    if (InstanceRestarts.isPending(instance.getStatus() == null ? null : instance.getStatus().getLastRestart())) {
      // Neither Cloud Assistant nor sshd answers while the instance restarts: after it.
      return current;
    }
    if (recorded.getOperatorKeyRetiringPublicKey() != null) {
      retire(instance, recorded);
      return current;
    }
    if (recorded.getOperatorKeyNextFingerprint() == null && !due(instance, recorded)) {
      return current;
    }
    try {
      OwnAdminKey.Key next = keys.next(instance, recorded);
      onboarding.install(instance, next);
      Optional<String> problem = overSsh(instance) ? provenLogin(instance, target, recorded) : Optional.empty();
      if (problem.isPresent()) {
        postponed(instance, "the new key " + next.fingerprint() + " was installed, but " + problem.get());
        return current;
      }
      keys.promote(instance, recorded, current, next);
      events.normal(instance, Reason.OPERATOR_KEY_ROTATED, "replaced the operator's own key " + current.fingerprint()
          + " by " + next.fingerprint() + " (made " + recorded.getOperatorKeyCreatedAt() + ")");
      retire(instance, recorded);
      return next;
    } catch (CloudLookup.NotVisitable e) {
      postponed(instance, e.getMessage());
      return current;
    } catch (KubernetesClientException e) {
      // The Secret changed since it was read (a conflict), say: the next visit starts from what is there.
      postponed(instance, "writing its Secret or status failed (HTTP " + e.getCode() + ")");
      return current;
    }
  }

  /** An instance onboarded before the time was recorded starts its first interval now. */
  private boolean due(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    Instant now = clock.instant();
    Instant createdAt = parse(recorded.getOperatorKeyCreatedAt());
    if (createdAt == null) {
      recorded.setOperatorKeyCreatedAt(now.toString());
      return false;
    }
    Duration interval = GoDuration.parse(instance.getSpec().getAlibabaCloud().getOperatorKeyRotationInterval());
    return !now.isBefore(createdAt.plus(interval));
  }

  /**
   * Through Cloud Assistant only (no route to SSH), no login depends on the key: the install
   * script's success is all there is to prove.
   */
  private static boolean overSsh(EcsInstance instance) {
    return instance.getStatus() == null || Conditions.find(instance.getStatus().getConditions(), ConditionType.READY)
        .filter(ready -> Reason.CLOUD_ASSISTANT.equals(ready.getReason())).isEmpty();
  }

  private Optional<String> provenLogin(EcsInstance instance, SshTarget target, AlibabaCloudInstanceStatus recorded) {
    Credentials.PrivateKey next = keys.nextCredentials(instance, recorded);
    try {
      return freshLogin.problem(new SshTarget(target.address(), target.port(), target.user(), next,
          target.expectedHostKey()));
    } finally {
      Arrays.fill(next.privateKey(), '\0');
    }
  }

  private void retire(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    try {
      onboarding.remove(instance, recorded.getOperatorKeyRetiringPublicKey());
      keys.retired(instance, recorded);
    } catch (CloudLookup.NotVisitable e) {
      postponed(instance, "the previous key is still authorised on the instance: " + e.getMessage());
    }
  }

  private void postponed(EcsInstance instance, String why) {
    events.warning(instance, Reason.OPERATOR_KEY_ROTATION_POSTPONED, "rotating the operator's own key: " + why
        + "; the key in use still works, and the next visit tries again");
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
