package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairAttachment;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.lockout.LockOutGuard;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do on this visit about spec.alibabaCloud.keyPairRef, from the KeyPair, what ECS reports
 * bound, the record of the operator's own attach and this visit's boot ID: a pure decision, so that
 * "never attach what would lock the operator out" and "attach only a key pair the KeyPair registered"
 * are tested alone. The lock-out rule is asked again while an attach waits for its restart: the
 * admin credentials may have changed since.
 */
final class KeyPairAttachStep {
  private KeyPairAttachStep() {}

  sealed interface Decision {}

  /** Nothing is called in ECS; the condition says why. */
  record Refused(String reason, String message) implements Decision {}

  /** AttachKeyPair of {@code keyPairName}, whose key ECS should hold with these fingerprints. */
  record Attach(String keyPairName, String keyPair, String fingerprint, String md5Fingerprint) implements Decision {}

  /** Attached by the operator; the instance has not started again since. */
  record Waiting(AlibabaCloudKeyPairAttachment attachment) implements Decision {}

  /** Attached by the operator, and this visit is the first to see the instance under another boot ID. */
  record NowInEffect(AlibabaCloudKeyPairAttachment attachment) implements Decision {}

  /** Attached by the operator and in effect since an earlier visit: nothing to do. */
  record InEffect(AlibabaCloudKeyPairAttachment attachment) implements Decision {}

  /** ECS reports the key pair bound already, not through the operator: nothing to do or to wait for. */
  record AttachedBefore(String keyPairName) implements Decision {}

  /**
   * @param reference spec.alibabaCloud.keyPairRef.name
   * @param keyPair the KeyPair of that name in the instance's namespace, or null
   * @param regionId the instance's region
   * @param boundInEcs the key pair DescribeInstances reports bound to the instance, or null
   * @param attachment the operator's record of its last attach, or null
   * @param bootId this visit's boot ID
   */
  static Decision decide(String reference, KeyPair keyPair, String regionId, String boundInEcs, AdminAccess admin,
      AlibabaCloudKeyPairAttachment attachment, String bootId) {
    if (keyPair == null) {
      return new Refused(Reason.KEY_PAIR_NOT_FOUND, "KeyPair " + reference + " does not exist in this namespace");
    }
    if (keyPair.getSpec().getAlibabaCloud() == null) {
      return new Refused(Reason.KEY_PAIR_NOT_REGISTERED, "KeyPair " + reference + " has no spec.alibabaCloud: only a"
          + " key pair registered in ECS can be attached");
    }
    String wantedRegion = keyPair.getSpec().getAlibabaCloud().getRegionId();
    if (!regionId.equals(wantedRegion)) {
      return new Refused(Reason.REGION_MISMATCH, "KeyPair " + reference + " is registered in " + wantedRegion + ", the"
          + " instance is in " + regionId + ": ECS key pairs are per region");
    }
    AlibabaCloudKeyPairStatus registered = keyPair.getStatus() == null ? null : keyPair.getStatus().getAlibabaCloud();
    if (registered == null || registered.getKeyPairName() == null || !regionId.equals(registered.getRegionId())) {
      return new Refused(Reason.KEY_PAIR_NOT_REGISTERED, "KeyPair " + reference + " is not registered in ECS in "
          + regionId + " yet" + registrationProblem(keyPair));
    }
    String name = registered.getKeyPairName();
    if (name.equals(boundInEcs)) {
      return bound(name, admin, attachment, bootId);
    }
    if (!Conditions.isTrue(keyPair.getStatus().getConditions(), ConditionType.REGISTERED_IN_ECS)
        || registered.getRegisteredPublicKeyFingerprint() == null) {
      return new Refused(Reason.KEY_PAIR_NOT_REGISTERED, "KeyPair " + reference + " is not registered in ECS as it"
          + " is now" + registrationProblem(keyPair));
    }
    Optional<String> lockOut = LockOutGuard.ecsKeyPair(admin, name, registered.getRegisteredPublicKeyFingerprint());
    if (lockOut.isPresent()) {
      return new Refused(LockOutGuard.WOULD_LOCK_OUT_OPERATOR, lockOut.get() + "; nothing was attached");
    }
    return new Attach(name, reference, registered.getRegisteredPublicKeyFingerprint(), registered.getFingerprint());
  }

  private static Decision bound(String name, AdminAccess admin, AlibabaCloudKeyPairAttachment attachment,
      String bootId) {
    if (attachment == null || !name.equals(attachment.getKeyPairName())) {
      return new AttachedBefore(name);
    }
    if (attachment.getInEffectAt() != null) {
      return new InEffect(attachment);
    }
    if (bootId != null && attachment.getBootIdBefore() != null && !Objects.equals(bootId, attachment.getBootIdBefore())) {
      return new NowInEffect(attachment);
    }
    Optional<String> lockOut = LockOutGuard.ecsKeyPair(admin, name, attachment.getFingerprint());
    if (lockOut.isPresent()) {
      return new Refused(LockOutGuard.WOULD_LOCK_OUT_OPERATOR, lockOut.get() + "; the operator does not restart it for"
          + " the key pair, but ECS has it attached already and any restart puts it into effect: detach it"
          + " (DetachKeyPair or the ECS console) or change the admin credentials first");
    }
    return new Waiting(attachment);
  }

  private static String registrationProblem(KeyPair keyPair) {
    return keyPair.getStatus() == null ? "" : Conditions.find(keyPair.getStatus().getConditions(),
            ConditionType.REGISTERED_IN_ECS)
        .filter(condition -> !Conditions.TRUE.equals(condition.getStatus()))
        .map(condition -> " (RegisteredInEcs: " + condition.getReason() + ")")
        .orElse("");
  }
}
