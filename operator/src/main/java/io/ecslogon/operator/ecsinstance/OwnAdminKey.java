package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
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
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

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
   * The key, generated into a new Secret if there is none.
   *
   * @param recordedUid the Secret uid status recorded, or null before the first key
   * @throws CloudLookup.NotVisitable if a Secret of that name is not the one the operator created
   */
  Key ensure(EcsInstance instance, String recordedUid) {
    String namespace = instance.getMetadata().getNamespace();
    String name = secretName(instance);
    Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      return create(instance, name);
    }
    if (recordedUid == null || !recordedUid.equals(existing.getMetadata().getUid())
        || !OwnedSecretMetadata.isOwnedBy(existing, instance) || existing.getData() == null
        || !existing.getData().containsKey(PUBLIC_KEY)) {
      throw conflict(namespace, name);
    }
    String publicKey = new String(Base64.getDecoder().decode(existing.getData().get(PUBLIC_KEY)), StandardCharsets.UTF_8)
        .strip();
    return new Key(existing.getMetadata().getUid(), publicKey,
        SshPublicKey.parse(publicKey).sha256Fingerprint());
  }

  private Key create(EcsInstance instance, String name) {
    GeneratedKey key = generator.generate(SshKeyType.ED25519, 0, "ecs-logon-operator@" + instance.getMetadata().getName(),
        null);
    String publicKey = key.publicKey().canonical() + " ecs-logon-operator";
    Secret secret = new SecretBuilder()
        .withMetadata(OwnedSecretMetadata.of(instance, name, SecretUsage.ADMIN_CREDENTIALS, Map.of(), Map.of()))
        .withType(SshTargetResolver.SSH_AUTH)
        .withData(Map.of(PRIVATE_KEY, base64(key.privateKeyOpenSsh()),
            PUBLIC_KEY, Base64.getEncoder().encodeToString(publicKey.getBytes(StandardCharsets.UTF_8))))
        .build();
    try {
      Secret created = client.resource(secret).create();
      return new Key(created.getMetadata().getUid(), publicKey, key.publicKey().sha256Fingerprint());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw conflict(instance.getMetadata().getNamespace(), name);
      }
      throw e;
    } finally {
      Arrays.fill(key.privateKeyOpenSsh(), '\0');
    }
  }

  private static CloudLookup.NotVisitable conflict(String namespace, String name) {
    return new CloudLookup.NotVisitable(Reason.OPERATOR_KEY_SECRET_CONFLICT, "Secret " + namespace + "/" + name
        + " exists but is not the one the operator created for its own key; the operator does not install a key it"
        + " did not make. Delete that Secret, or name an admin Secret in spec.adminCredentialsSecretRef");
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
