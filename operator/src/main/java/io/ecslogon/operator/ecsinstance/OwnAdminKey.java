package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.PrivateKeys;
import io.ecslogon.operator.keypair.material.GeneratedKey;
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
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The admin key the operator makes for itself when an EcsInstance names no admin Secret (zero-touch
 * onboarding through the cloud): an ed25519 key in a Secret the EcsInstance owns, named
 * {@code <instance>-operator-admin}. A Secret of that name is used only if its uid is the one the
 * operator recorded when it created it: otherwise whoever created it first would choose the key the
 * operator installs on the instance, and so gain the way in.
 */
final class OwnAdminKey {
  static final String SUFFIX = "-operator-admin";
  static final String PRIVATE_KEY = "ssh-privatekey";
  static final String PUBLIC_KEY = "ssh-publickey";
  private static final String COMMENT = "ecs-logon-operator";
  private static final String FIELD_MANAGER = "ecs-logon-operator-own-key";

  private final KubernetesClient client;
  private final SshKeyGenerator generator;

  OwnAdminKey(KubernetesClient client, SshKeyGenerator generator) {
    this.client = client;
    this.generator = generator;
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
   * @param recorded status.alibabaCloud, holding the uid and fingerprint recorded with the Secret, or null
   * @throws CloudLookup.NotVisitable if a Secret of that name is not the one the operator made, as it made it
   */
  Key ensure(EcsInstance instance, AlibabaCloudInstanceStatus recorded) {
    String namespace = instance.getMetadata().getNamespace();
    String name = secretName(instance);
    Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      return create(instance, name);
    }
    if (recorded == null || recorded.getOperatorKeySecretUid() == null
        || !recorded.getOperatorKeySecretUid().equals(existing.getMetadata().getUid())
        || !OwnedSecretMetadata.isOwnedBy(existing, instance)) {
      throw conflict(namespace, name, "is not the one the operator created for its own key");
    }
    String publicKey = publicHalf(existing).orElseThrow(() -> conflict(namespace, name, "holds no usable private key"));
    String fingerprint = SshPublicKey.parse(publicKey).sha256Fingerprint();
    if (!fingerprint.equals(recorded.getOperatorKeyFingerprint())) {
      throw conflict(namespace, name, "holds another key than the one the operator made (" + fingerprint + ", not "
          + recorded.getOperatorKeyFingerprint() + ")");
    }
    return new Key(existing.getMetadata().getUid(), publicKey + " " + COMMENT, fingerprint);
  }

  private static Optional<String> publicHalf(Secret secret) {
    String encoded = secret.getData() == null ? null : secret.getData().get(PRIVATE_KEY);
    if (encoded == null) {
      return Optional.empty();
    }
    char[] privateKey = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(encoded)))
        .array();
    try {
      return PrivateKeys.publicKey(new Credentials.PrivateKey(privateKey, null));
    } finally {
      Arrays.fill(privateKey, '\0');
    }
  }

  /**
   * A new key in a new Secret, whose uid and fingerprint go to status at once (not with the rest of
   * the visit's status): only a Secret with the recorded uid is ever used, so losing them would
   * leave the instance refusing its own Secret.
   */
  private Key create(EcsInstance instance, String name) {
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
      recordInStatus(instance, made);
    } catch (KubernetesClientException e) {
      // Unrecorded, the Secret would be refused forever: it goes, and the next visit makes another.
      client.resource(created).delete();
      throw e;
    }
    return made;
  }

  private void recordInStatus(EcsInstance instance, Key key) {
    String json = Serialization.asJson(Map.of("status", Map.of("alibabaCloud", Map.of(
        "operatorKeySecretUid", key.secretUid(), "operatorKeyFingerprint", key.fingerprint()))));
    client.resources(EcsInstance.class).inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName()).subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(FIELD_MANAGER).build(),
            json);
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
