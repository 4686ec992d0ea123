package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.SecretTemplate;
import io.ecslogon.operator.secrets.OwnedSecretMetadata;
import io.ecslogon.operator.secrets.SecretUsage;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kubernetes.io/ssh-auth Secrets that KeyPairs own. Each carries the managed-by label (the
 * operator's Secret informer watches only those), the usage label admin-credentials (so a
 * generated key can be an EcsInstance's admin key) and a controller ownerReference to its KeyPair,
 * so Kubernetes' garbage collector deletes it with the KeyPair. A Secret of the wanted name that
 * the KeyPair does not own is never touched.
 */
final class OwnedSecrets {
  static final String MANAGED_BY = OwnedSecretMetadata.MANAGED_BY;
  static final String OPERATOR = OwnedSecretMetadata.OPERATOR;
  static final String KEYPAIR_LABEL = "ecslogon.io/keypair";
  static final String GENERATED_AT = "ecslogon.io/generated-at";
  static final String PRIVATE_KEY = "ssh-privatekey";
  static final String PUBLIC_KEY = "ssh-publickey";
  static final String SSH_AUTH = "kubernetes.io/ssh-auth";

  private final KubernetesClient client;

  OwnedSecrets(KubernetesClient client) {
    this.client = client;
  }

  static String nameFor(KeyPair keyPair) {
    String name = keyPair.getSpec().getSecretName();
    return name != null ? name : keyPair.getMetadata().getName() + "-ssh-key";
  }

  Optional<Secret> get(KeyPair keyPair, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(keyPair.getMetadata().getNamespace()).withName(name).get());
  }

  static boolean isOwnedBy(Secret secret, KeyPair keyPair) {
    return OwnedSecretMetadata.isOwnedBy(secret, keyPair);
  }

  /** The public key line the Secret says it holds, if any. */
  static Optional<String> publicKeyOf(Secret secret) {
    if (secret.getData() == null || secret.getData().get(PUBLIC_KEY) == null || secret.getData().get(PRIVATE_KEY) == null) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(PUBLIC_KEY)), StandardCharsets.UTF_8));
  }

  /** Creates the Secret, or replaces the data of the one this KeyPair owns. */
  void write(KeyPair keyPair, String name, char[] privateKey, String publicKeyLine, String generatedAt, boolean exists) {
    Secret secret = build(keyPair, name, privateKey, publicKeyLine);
    secret.getMetadata().getAnnotations().put(GENERATED_AT, generatedAt);
    var resource = client.secrets().inNamespace(keyPair.getMetadata().getNamespace()).resource(secret);
    if (exists) {
      resource.update();
    } else {
      resource.create();
    }
  }

  /** When the key in the Secret was generated, as the operator recorded it when writing it. */
  static Optional<String> generatedAt(Secret secret) {
    return Optional.ofNullable(secret.getMetadata().getAnnotations()).map(a -> a.get(GENERATED_AT));
  }

  void delete(KeyPair keyPair, String name) {
    client.secrets().inNamespace(keyPair.getMetadata().getNamespace()).withName(name).delete();
  }

  private static Secret build(KeyPair keyPair, String name, char[] privateKey, String publicKeyLine) {
    SecretTemplate template = keyPair.getSpec().getSecretTemplate();
    Map<String, String> labels = new HashMap<>();
    Map<String, String> annotations = new HashMap<>();
    if (template != null) {
      if (template.getLabels() != null) {
        labels.putAll(template.getLabels());
      }
      if (template.getAnnotations() != null) {
        annotations.putAll(template.getAnnotations());
      }
    }
    labels.put(KEYPAIR_LABEL, keyPair.getMetadata().getName());
    return new SecretBuilder()
        .withMetadata(OwnedSecretMetadata.of(keyPair, name, SecretUsage.ADMIN_CREDENTIALS, labels, annotations))
        .withType(SSH_AUTH)
        .withData(Map.of(
            PRIVATE_KEY, base64(privateKey),
            PUBLIC_KEY, Base64.getEncoder().encodeToString(publicKeyLine.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  private static String base64(char[] text) {
    byte[] bytes = new String(text).getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
