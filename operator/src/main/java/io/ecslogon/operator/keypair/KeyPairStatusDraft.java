package io.ecslogon.operator.keypair;

import static io.ecslogon.operator.status.Conditions.FALSE;
import static io.ecslogon.operator.status.Conditions.TRUE;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.PreviousPublicKey;
import io.ecslogon.operator.keypair.material.SshKeyType;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The status a KeyPair reconcile is about to write, started from the stored one, with one method
 * per outcome; each sets the Ready condition with its reason and message, so the reconciler only
 * decides which outcome it is.
 */
final class KeyPairStatusDraft {
  private final KeyPair keyPair;
  private final Conditions conditions;
  private final KeyPairStatus status;

  KeyPairStatusDraft(KeyPair keyPair, Conditions conditions) {
    this.keyPair = keyPair;
    this.conditions = conditions;
    this.status = keyPair.getStatus() == null ? new KeyPairStatus() : Serialization.clone(keyPair.getStatus());
  }

  KeyPairStatus status() {
    return status;
  }

  /** The canonical public key status describes, or null before the first key. */
  String publicKey() {
    return status.getPublicKey();
  }

  String fingerprint() {
    return status.getFingerprint();
  }

  String secretName() {
    return status.getSecretName();
  }

  /** The fingerprint of a key announced for the Secret and not stored yet as far as status knows. */
  String pendingFingerprint() {
    return status.getPendingFingerprint();
  }

  /** Names the key about to be stored, before the Secret holds it (see KeyPairReconciler#replace). */
  void announce(String fingerprint) {
    status.setPendingFingerprint(fingerprint);
  }

  /** When the described key was generated or imported, if a key is described. */
  Optional<Instant> generatedAt() {
    return Optional.ofNullable(status.getGeneratedAt()).map(Instant::parse);
  }

  /** Whether status describes a key of this type and size (a different one must be replaced). */
  boolean describesKeyOf(SshKeyType type, int bits) {
    return type.family().equals(status.getType()) && status.getBits() != null && bits == status.getBits();
  }

  void invalidSpec(String problem) {
    ready(FALSE, Reason.INVALID_SPEC, problem);
  }

  void secretNotOptedIn(String message) {
    ready(FALSE, Reason.SECRET_NOT_OPTED_IN, message);
  }

  void passphraseSecretInvalid(String message) {
    ready(FALSE, Reason.PASSPHRASE_SECRET_INVALID, message);
  }

  void invalidPublicKey(String parserMessage) {
    ready(FALSE, Reason.INVALID_PUBLIC_KEY, "spec.publicKey refused: " + parserMessage);
  }

  /** An imported key: described as of now when it is new, keeping its first date when it is not. */
  void imported(SshPublicKey key, Instant now, Optional<Instant> expiresAt) {
    boolean sameKey = key.canonical().equals(status.getPublicKey());
    describe(key, null, sameKey ? status.getGeneratedAt() : now.toString());
    expiresAt.ifPresent(at -> status.setExpiresAt(at.toString()));
    ready(TRUE, Reason.IMPORTED, "imported " + key.type().sshName() + " key " + key.sha256Fingerprint());
  }

  void secretConflict(String secretName) {
    ready(FALSE, Reason.SECRET_CONFLICT, "Secret " + secretName
        + " already exists and is not owned by this KeyPair; it was left untouched. Set spec.secretName to another"
        + " name or remove that Secret");
  }

  void secretModified(String secretName) {
    ready(FALSE, Reason.SECRET_MODIFIED, "Secret " + secretName
        + " no longer holds a key pair this operator can read (edited by hand, or a different passphrase);"
        + " it was left as it is. Delete the Secret to have a new key generated");
  }

  /** Someone else's key in the owned Secret: refused until a person accepts it; status keeps the trusted key. */
  void secretKeyChanged(String secretName, String found) {
    String trusted = status.getFingerprint() == null
        ? "no key of this operator's" : "not the key " + status.getFingerprint() + " this operator generated";
    String consumers = status.getFingerprint() == null
        ? "Nothing is authorised from it." : "LogonUsers keep authorising " + status.getFingerprint() + ".";
    ready(FALSE, Reason.SECRET_KEY_CHANGED, "Secret " + secretName + " holds key " + found + ", " + trusted
        + ": it was changed by someone else. " + consumers + " To use the new key, annotate the KeyPair "
        + SecretKeyTrust.ACCEPT_ANNOTATION + "=" + found + "; to drop it, delete the Secret and a new key is generated");
  }

  /**
   * Status now describes the key the Secret holds (accepted by a person, or status lagged behind
   * our own write); the key it described before, if any, is listed as previous.
   */
  void holds(SshPublicKey key, String secretName, String generatedAt, Instant now) {
    if (status.getPublicKey() != null) {
      retire(now);
    }
    describe(key, secretName, generatedAt);
  }

  /** Shown only before the first key: a replacement being generated leaves the current key Ready. */
  void generating(SshKeyType type, int bits) {
    if (status.getPublicKey() == null) {
      ready(FALSE, Reason.GENERATING, "generating a " + type.family() + " " + bits + "-bit key");
    }
  }

  /** A new key was stored; the one it replaces (unless this is the first) is listed as previous. */
  void replaced(SshPublicKey key, String secretName, String replacementReason, Instant now,
      Optional<Instant> expiresAt) {
    if (status.getPublicKey() != null && !Reason.GENERATED.equals(replacementReason)) {
      retire(now);
    }
    describe(key, secretName, now.toString());
    expiresAt.ifPresent(at -> status.setExpiresAt(at.toString()));
    generated(secretName);
  }

  /** The described key is stored in {@code secretName} and current. */
  void current(String secretName, Optional<Instant> expiresAt) {
    generated(secretName);
    expiresAt.ifPresent(at -> status.setExpiresAt(at.toString()));
  }

  void expired(Instant expiresAt) {
    status.setExpiresAt(expiresAt.toString());
    status.setSecretName(null);
    ready(FALSE, Reason.EXPIRED, "expired at " + expiresAt + "; its Secret was removed and consumers must drop the key");
  }

  List<PreviousPublicKey> previousPublicKeys() {
    return status.getPreviousPublicKeys() == null ? List.of() : status.getPreviousPublicKeys();
  }

  void keepPrevious(List<PreviousPublicKey> kept) {
    status.setPreviousPublicKeys(kept.isEmpty() ? null : kept);
  }

  /** Whether Ready says the described key is good to use (not expired, not refused, not replaced by hand). */
  boolean ready() {
    return Conditions.isTrue(status.getConditions(), ConditionType.READY);
  }

  boolean expired() {
    return Conditions.find(status.getConditions(), ConditionType.READY)
        .filter(ready -> Reason.EXPIRED.equals(ready.getReason())).isPresent();
  }

  /** The described key's family (ed25519, rsa, ecdsa), or null before the first key. */
  String type() {
    return status.getType();
  }

  String md5Fingerprint() {
    return status.getMd5Fingerprint();
  }

  /** The key pair this operator registered in ECS, or null. */
  AlibabaCloudKeyPairStatus registeredInEcs() {
    return status.getAlibabaCloud();
  }

  /** ECS holds the current key under {@code name}, registered by this operator. */
  void registeredInEcs(String regionId, String name, String ecsFingerprint) {
    AlibabaCloudKeyPairStatus registered = new AlibabaCloudKeyPairStatus();
    registered.setRegionId(regionId);
    registered.setKeyPairName(name);
    registered.setFingerprint(ecsFingerprint);
    registered.setRegisteredPublicKeyFingerprint(status.getFingerprint());
    status.setAlibabaCloud(registered);
    registeredInEcsCondition(TRUE, Reason.REGISTERED, "key " + status.getFingerprint() + " is registered in ECS as key pair "
        + name + " in " + regionId + " (fingerprint " + ecsFingerprint + ")");
  }

  void notRegisteredInEcs(String reason, String message) {
    registeredInEcsCondition(FALSE, reason, message);
  }

  /** What the operator registered in ECS is gone (deleted, or someone else deleted it). */
  void goneFromEcs() {
    status.setAlibabaCloud(null);
  }

  /** spec.alibabaCloud was removed and ECS holds nothing of this KeyPair's: no trace of ECS left in status. */
  void leftEcs() {
    status.setAlibabaCloud(null);
    if (status.getConditions() != null) {
      status.setConditions(status.getConditions().stream()
          .filter(condition -> !ConditionType.REGISTERED_IN_ECS.equals(condition.getType())).toList());
    }
  }

  private void registeredInEcsCondition(String conditionStatus, String reason, String message) {
    status.setConditions(conditions.set(status.getConditions(), keyPair, ConditionType.REGISTERED_IN_ECS,
        conditionStatus, reason, message));
  }

  private void generated(String secretName) {
    ready(TRUE, Reason.GENERATED, "key " + status.getFingerprint() + " in Secret " + secretName);
  }

  private void retire(Instant now) {
    List<PreviousPublicKey> previous = new ArrayList<>(previousPublicKeys());
    PreviousPublicKey retired = new PreviousPublicKey();
    retired.setPublicKey(status.getPublicKey());
    retired.setFingerprint(status.getFingerprint());
    retired.setRetiredAt(now.toString());
    previous.add(retired);
    status.setPreviousPublicKeys(previous);
  }

  private void describe(SshPublicKey key, String secretName, String generatedAt) {
    status.setPublicKey(key.canonical());
    status.setFingerprint(key.sha256Fingerprint());
    status.setMd5Fingerprint(key.md5Fingerprint());
    status.setType(key.type().family());
    status.setBits(key.bits());
    status.setSecretName(secretName);
    status.setGeneratedAt(generatedAt);
    status.setPendingFingerprint(null);
  }

  private void ready(String conditionStatus, String reason, String message) {
    status.setConditions(conditions.set(status.getConditions(), keyPair, ConditionType.READY, conditionStatus, reason,
        message));
  }
}
