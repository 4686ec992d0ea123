package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPair;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.SecretReference;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentials;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs;
import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs.Registered;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a KeyPair's public key registered in ECS under its name (spec.alibabaCloud), re-imported
 * after a rotation, and takes away only what this operator registered: status.alibabaCloud is the
 * inventory. A name ECS holds for another key, that the operator never registered, is someone
 * else's: reported as NameTaken, never deleted or replaced. Every outcome is the RegisteredInEcs
 * condition; the reconciler turns its changes into Events.
 */
final class EcsRegistration {
  /** ECS's ImportKeyPair takes RSA and ECDSA public keys only (its documentation lists no ed25519). */
  private static final Set<String> ACCEPTED_TYPES = Set.of("rsa", "ecdsa");

  private final CloudCredentialsSource credentials;
  private final EcsKeyPairs keyPairs;
  private final EventRecorder events;

  EcsRegistration(CloudCredentialsSource credentials, EcsKeyPairs keyPairs, EventRecorder events) {
    this.credentials = credentials;
    this.keyPairs = keyPairs;
    this.events = events;
  }

  /** Registers the key status describes (a Ready one) under the name and region of spec.alibabaCloud. */
  void register(KeyPair keyPair, KeyPairStatusDraft draft) {
    AlibabaCloudKeyPair wanted = keyPair.getSpec().getAlibabaCloud();
    if (!ACCEPTED_TYPES.contains(draft.type())) {
      // Before any call: ECS would refuse it, and the schema cannot see an imported key's type.
      draft.notRegisteredInEcs(Reason.KEY_TYPE_NOT_ACCEPTED, "ECS imports only rsa and ecdsa public keys, not "
          + draft.type() + "; use type rsa or ecdsa (or import such a public key) to register it in ECS");
      return;
    }
    String name = EcsKeyPairName.of(keyPair);
    Optional<String> badName = EcsKeyPairName.problem(name);
    if (badName.isPresent()) {
      draft.notRegisteredInEcs(Reason.INVALID_KEY_PAIR_NAME, badName.get());
      return;
    }
    try {
      CloudCredentials identity = identity(keyPair);
      leaveOldPlace(keyPair, draft, identity, wanted.getRegionId(), name);
      Optional<Registered> found = keyPairs.find(identity, wanted.getRegionId(), name);
      // Only a name status says this KeyPair registered, with the fingerprint it registered, is its own.
      Optional<String> ours = Optional.ofNullable(draft.registeredInEcs())
          .filter(registered -> wanted.getRegionId().equals(registered.getRegionId())
              && name.equals(registered.getKeyPairName()))
          .map(AlibabaCloudKeyPairStatus::getFingerprint);
      switch (EcsRegistrationStep.decide(found.map(Registered::fingerprint), draft.md5Fingerprint(), ours)) {
        case UP_TO_DATE -> draft.registeredInEcs(wanted.getRegionId(), name, found.orElseThrow().fingerprint());
        case IMPORT -> imported(draft, identity, wanted.getRegionId(), name);
        case REPLACE -> {
          keyPairs.delete(identity, wanted.getRegionId(), name);
          draft.goneFromEcs();
          imported(draft, identity, wanted.getRegionId(), name);
          events.normal(keyPair, Reason.REIMPORTED_IN_ECS, "key pair " + name + " in " + wanted.getRegionId()
              + " now holds key " + draft.registeredInEcs().getRegisteredPublicKeyFingerprint()
              + " (the one it held before was deleted)");
        }
        case NAME_TAKEN -> draft.notRegisteredInEcs(Reason.NAME_TAKEN, "ECS already has a key pair " + name + " in "
            + wanted.getRegionId() + " with fingerprint " + found.orElseThrow().fingerprint()
            + ", not registered by this KeyPair; it was left untouched. Set spec.alibabaCloud.keyPairName to another"
            + " name, or delete that key pair in ECS");
      }
    } catch (CloudCredentialsSource.Unusable e) {
      draft.notRegisteredInEcs(e.reason(), e.getMessage());
    } catch (CloudApiException e) {
      refused(draft, e);
    }
  }

  /**
   * Deletes the key pair status says this operator registered, if ECS still holds it with the key
   * the operator registered (a name someone re-registered since is theirs now).
   *
   * @return true when ECS holds nothing of this KeyPair's any more
   */
  boolean withdraw(KeyPair keyPair, KeyPairStatusDraft draft) {
    AlibabaCloudKeyPairStatus registered = draft.registeredInEcs();
    if (registered == null) {
      return true;
    }
    try {
      deleteIfOurs(keyPair, draft, identity(keyPair), registered);
      return true;
    } catch (CloudCredentialsSource.Unusable e) {
      draft.notRegisteredInEcs(e.reason(), e.getMessage());
    } catch (CloudApiException e) {
      refused(draft, e);
    }
    return false;
  }

  /** spec.alibabaCloud now names another key pair or region: what the operator registered before goes first. */
  private void leaveOldPlace(KeyPair keyPair, KeyPairStatusDraft draft, CloudCredentials identity, String regionId,
      String name) {
    AlibabaCloudKeyPairStatus registered = draft.registeredInEcs();
    if (registered != null && !(regionId.equals(registered.getRegionId()) && name.equals(registered.getKeyPairName()))) {
      deleteIfOurs(keyPair, draft, identity, registered);
    }
  }

  private void deleteIfOurs(KeyPair keyPair, KeyPairStatusDraft draft, CloudCredentials identity,
      AlibabaCloudKeyPairStatus registered) {
    Optional<Registered> found = keyPairs.find(identity, registered.getRegionId(), registered.getKeyPairName());
    if (found.isPresent() && EcsRegistrationStep.sameFingerprint(found.get().fingerprint(), registered.getFingerprint())) {
      keyPairs.delete(identity, registered.getRegionId(), registered.getKeyPairName());
      events.normal(keyPair, Reason.DELETED_FROM_ECS, "key pair " + registered.getKeyPairName() + " deleted from ECS in "
          + registered.getRegionId());
    }
    draft.goneFromEcs();
  }

  private void imported(KeyPairStatusDraft draft, CloudCredentials identity, String regionId, String name) {
    Registered imported = keyPairs.importKey(identity, regionId, name, draft.publicKey());
    draft.registeredInEcs(regionId, name, imported.fingerprint());
  }

  private static void refused(KeyPairStatusDraft draft, CloudApiException e) {
    if (EcsKeyPairs.STILL_BOUND.equals(e.code())) {
      draft.notRegisteredInEcs(Reason.STILL_BOUND, "ECS cannot delete key pair " + draft.registeredInEcs()
          .getKeyPairName() + " in " + draft.registeredInEcs().getRegionId() + ": it is still bound to instances."
          + " Detach it from them (DetachKeyPair, or the ECS console); the operator tries again (" + e.getMessage()
          + ")");
    } else {
      draft.notRegisteredInEcs(Reason.CLOUD_API_ERROR, e.getMessage());
    }
  }

  /** The credentials of spec.alibabaCloud; the operator's own identity if the block is gone. */
  private CloudCredentials identity(KeyPair keyPair) {
    AlibabaCloudKeyPair cloud = keyPair.getSpec().getAlibabaCloud();
    SecretReference reference = cloud == null ? null : cloud.getCredentialsSecretRef();
    return credentials.credentials(keyPair.getMetadata().getNamespace(), reference);
  }
}
