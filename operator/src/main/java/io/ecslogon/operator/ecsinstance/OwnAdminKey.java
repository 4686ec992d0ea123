package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.PrivateKeys;
import io.ecslogon.operator.keypair.material.GeneratedKey;
import io.ecslogon.operator.keypair.material.InvalidPublicKeyException;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.keypair.material.SshKeyType;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.ecslogon.operator.secrets.OwnedSecretMetadata;
import io.ecslogon.operator.secrets.SecretUsage;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The admin key the operator makes for itself when an EcsInstance names no admin Secret (zero-touch
 * onboarding through the cloud): an ed25519 key in a Secret the EcsInstance owns, named
 * {@code <instance>-operator-admin}. A Secret of that name is used only if its uid is the one the
 * operator recorded when it created it: otherwise whoever created it first would choose the key the
 * operator installs on the instance, and so gain the way in.
 *
 * <p>Every change to the key is recorded twice, in the Secret and in status.alibabaCloud, in an
 * order that lets a visit after a crash between the two finish the change instead of refusing the
 * Secret: see {@link OperatorKeyRotation} for the rotation's steps. {@code recorded} is the status
 * as this visit will write it; it is kept in step with what is patched here.
 */
final class OwnAdminKey {
  static final String SUFFIX = "-operator-admin";
  static final String PRIVATE_KEY = "ssh-privatekey";
  static final String PUBLIC_KEY = "ssh-publickey";
  /** The key replacing the current one during a rotation, until it is proven and promoted. */
  static final String NEXT_PRIVATE_KEY = "next-ssh-privatekey";
  private static final String COMMENT = "ecs-logon-operator";
  private static final String FIELD_MANAGER = "ecs-logon-operator-own-key";

  private final KubernetesClient client;
  private final SshKeyGenerator generator;
  private final Clock clock;

  OwnAdminKey(KubernetesClient client, SshKeyGenerator generator, Clock clock) {
    this.client = client;
    this.generator = generator;
    this.clock = clock;
  }

  /** The operator's own key: its Secret's uid, and its public half (never the private one). */
  record Key(String secretUid, String publicKeyLine, String fingerprint) {}

  static String secretName(EcsInstance instance) {
    return instance.getMetadata().getName() + SUFFIX;
  }

  /**
   * The key, generated into a new Secret if there is none. The public half is always derived from
   * the private key in the Secret, never read from it, and must have the fingerprint status recorded
   * when the Secret was made: an edited Secret is refused, not installed.
   *
   * @param recorded status.alibabaCloud as this visit writes it: the uid and fingerprint recorded with the Secret
   * @throws CloudLookup.NotVisitable if a Secret of that name is not the one the operator made, as it made it
   */
  Key ensure(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    String namespace = instance.getMetadata().getNamespace();
    String name = secretName(instance);
    Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      return create(instance, name, recorded);
    }
    checkOurs(instance, existing, recorded);
    String publicKey = publicHalf(existing, PRIVATE_KEY)
        .orElseThrow(() -> conflict(namespace, name, "holds no usable private key"));
    String fingerprint = SshPublicKey.parse(publicKey).sha256Fingerprint();
    if (fingerprint.equals(recorded.getOperatorKeyFingerprint())) {
      return new Key(existing.getMetadata().getUid(), publicKey + " " + COMMENT, fingerprint);
    }
    Optional<String> next = publicHalf(existing, NEXT_PRIVATE_KEY);
    if (isRetiring(fingerprint, recorded) && next.isPresent()
        && SshPublicKey.parse(next.get()).sha256Fingerprint().equals(recorded.getOperatorKeyFingerprint())) {
      // A rotation recorded its promotion in status and fell before the Secret followed.
      promoteInSecret(existing);
      return new Key(existing.getMetadata().getUid(), next.get() + " " + COMMENT, recorded.getOperatorKeyFingerprint());
    }
    throw conflict(namespace, name, "holds another key than the one the operator made (" + fingerprint + ", not "
        + recorded.getOperatorKeyFingerprint() + ")");
  }

  /**
   * The key that replaces the current one: the one already recorded as next, or a new one, written
   * to the Secret beside the current key and then recorded in status. A next key in the Secret
   * that status does not name (a crash between the two writes, or someone's edit) is replaced.
   */
  Key next(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    Secret existing = ours(instance, recorded);
    Optional<String> next = publicHalf(existing, NEXT_PRIVATE_KEY);
    if (next.isPresent() && recorded.getOperatorKeyNextFingerprint() != null
        && SshPublicKey.parse(next.get()).sha256Fingerprint().equals(recorded.getOperatorKeyNextFingerprint())) {
      return new Key(existing.getMetadata().getUid(), next.get() + " " + COMMENT,
          recorded.getOperatorKeyNextFingerprint());
    }
    GeneratedKey key = generator.generate(SshKeyType.ED25519, 0, COMMENT, null);
    try {
      Secret withNext = new SecretBuilder(existing).addToData(NEXT_PRIVATE_KEY, base64(key.privateKeyOpenSsh())).build();
      // Locked on the version read: an edit in between is not overwritten with a key it did not see.
      client.resource(withNext).update();
    } finally {
      Arrays.fill(key.privateKeyOpenSsh(), '\0');
    }
    String fingerprint = key.publicKey().sha256Fingerprint();
    record(instance, recorded, new OwnKeyFields().next(fingerprint));
    return new Key(existing.getMetadata().getUid(), key.publicKey().canonical() + " " + COMMENT, fingerprint);
  }

  /** The next key's private half, for the login that proves it before it replaces the current one. */
  Credentials.PrivateKey nextCredentials(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    Secret existing = ours(instance, recorded);
    String encoded = existing.getData().get(NEXT_PRIVATE_KEY);
    if (encoded == null) {
      throw conflict(instance.getMetadata().getNamespace(), secretName(instance), "lost the key replacing the"
          + " operator's own key");
    }
    char[] privateKey = decode(encoded);
    try {
      return new Credentials.PrivateKey(privateKey, null);
    } finally {
      Arrays.fill(privateKey, '\0');
    }
  }

  /**
   * The next key becomes the key, from now: status first (its fingerprint, when it was made, and
   * the public half of the key it replaces, to be removed from the instance), then the Secret. A
   * visit after a crash in between finds the Secret one step behind status and finishes ({@link #ensure}).
   */
  void promote(EcsInstance instance, AlibabaCloudInstanceStatus recorded, Key current, Key next) {
    record(instance, recorded, new OwnKeyFields().key(next.fingerprint(), clock.instant())
        .retiring(current.publicKeyLine()).next(null));
    promoteInSecret(ours(instance, recorded));
  }

  /** The retired key is gone from the instance: nothing is left to remove. */
  void retired(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    record(instance, recorded, new OwnKeyFields().retiring(null));
  }

  private void promoteInSecret(Secret existing) {
    String nextPrivate = existing.getData().get(NEXT_PRIVATE_KEY);
    char[] privateKey = decode(nextPrivate);
    try {
      String publicKey = PrivateKeys.publicKey(new Credentials.PrivateKey(privateKey, null)).orElseThrow() + " " + COMMENT;
      Secret promoted = new SecretBuilder(existing)
          .addToData(PRIVATE_KEY, nextPrivate)
          .addToData(PUBLIC_KEY, Base64.getEncoder().encodeToString(publicKey.getBytes(StandardCharsets.UTF_8)))
          .removeFromData(NEXT_PRIVATE_KEY)
          .build();
      client.resource(promoted).update();
    } finally {
      Arrays.fill(privateKey, '\0');
    }
  }

  private static boolean isRetiring(String fingerprint, AlibabaCloudInstanceStatus recorded) {
    String retiring = recorded.getOperatorKeyRetiringPublicKey();
    try {
      return retiring != null && SshPublicKey.parse(retiring).sha256Fingerprint().equals(fingerprint);
    } catch (InvalidPublicKeyException e) {
      return false;
    }
  }

  private Secret ours(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    Secret existing = client.secrets().inNamespace(instance.getMetadata().getNamespace())
        .withName(secretName(instance)).get();
    if (existing == null) {
      throw conflict(instance.getMetadata().getNamespace(), secretName(instance), "is gone");
    }
    checkOurs(instance, existing, recorded);
    return existing;
  }

  private static void checkOurs(EcsInstance instance, Secret existing, AlibabaCloudInstanceStatus recorded) {
    if (recorded.getOperatorKeySecretUid() == null
        || !recorded.getOperatorKeySecretUid().equals(existing.getMetadata().getUid())
        || !OwnedSecretMetadata.isOwnedBy(existing, instance)) {
      throw conflict(instance.getMetadata().getNamespace(), existing.getMetadata().getName(),
          "is not the one the operator created for its own key");
    }
  }

  private static Optional<String> publicHalf(Secret secret, String dataKey) {
    String encoded = secret.getData() == null ? null : secret.getData().get(dataKey);
    if (encoded == null) {
      return Optional.empty();
    }
    char[] privateKey = decode(encoded);
    try {
      return PrivateKeys.publicKey(new Credentials.PrivateKey(privateKey, null));
    } finally {
      Arrays.fill(privateKey, '\0');
    }
  }

  private static char[] decode(String base64) {
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(Base64.getDecoder().decode(base64)));
    return Arrays.copyOf(chars.array(), chars.limit());
  }

  /**
   * A new key in a new Secret, whose uid and fingerprint go to status at once (not with the rest of
   * the visit's status): only a Secret with the recorded uid is ever used, so losing them would
   * leave the instance refusing its own Secret.
   */
  private Key create(EcsInstance instance, String name, AlibabaCloudInstanceStatus recorded) {
    GeneratedKey key = generator.generate(SshKeyType.ED25519, 0, COMMENT, null);
    String publicKey = key.publicKey().canonical() + " " + COMMENT;
    Secret secret = new SecretBuilder()
        .withMetadata(OwnedSecretMetadata.of(instance, name, SecretUsage.ADMIN_CREDENTIALS, Map.of(), Map.of()))
        .withType(SshTargetResolver.SSH_AUTH)
        .withData(Map.of(PRIVATE_KEY, base64(key.privateKeyOpenSsh()),
            PUBLIC_KEY, Base64.getEncoder().encodeToString(publicKey.getBytes(StandardCharsets.UTF_8))))
        .build();
    Secret created;
    try {
      created = client.resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw conflict(instance.getMetadata().getNamespace(), name, "appeared while the operator made its own key");
      }
      throw e;
    } finally {
      Arrays.fill(key.privateKeyOpenSsh(), '\0');
    }
    Key made = new Key(created.getMetadata().getUid(), publicKey, key.publicKey().sha256Fingerprint());
    try {
      record(instance, recorded, new OwnKeyFields().secretUid(made.secretUid())
          .key(made.fingerprint(), clock.instant()).next(null).retiring(null));
    } catch (KubernetesClientException e) {
      // Unrecorded, the Secret would be refused forever: it goes, and the next visit makes another.
      client.resource(created).delete();
      throw e;
    }
    return made;
  }

  /**
   * Written to status.alibabaCloud at once (a JSON merge patch: null removes a field), not with the
   * rest of the visit's status, and into {@code recorded}, which the visit's status is written from.
   */
  private void record(EcsInstance instance, AlibabaCloudInstanceStatus recorded, OwnKeyFields fields) {
    client.resources(EcsInstance.class).inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName()).subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER).build(),
            fields.mergePatch());
    fields.applyTo(recorded);
  }

  private static CloudLookup.NotVisitable conflict(String namespace, String name, String why) {
    return new CloudLookup.NotVisitable(Reason.OPERATOR_KEY_SECRET_CONFLICT, "Secret " + namespace + "/" + name + " "
        + why + "; the operator installs no key it did not make. Delete that Secret (a new key is made), or name an"
        + " admin Secret in spec.adminCredentialsSecretRef");
  }

  private static String base64(char[] text) {
    var bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    try {
      return Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }
}
