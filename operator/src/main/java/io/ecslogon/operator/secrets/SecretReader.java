package io.ecslogon.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Secrets that users reference by name. They are read with a GET each time rather than
 * cached by an informer: the operator must not hold every Secret of the cluster in memory, and a
 * reference is only read when the object that names it is reconciled.
 *
 * <p>A Secret is used only if its owner opted it in for the purpose at hand with the label
 * {@link SecretUsage#LABEL}: that is checked on its metadata before any of its data is decoded.
 */
public class SecretReader {
  private final KubernetesClient client;

  public SecretReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The Secret, if it exists and is labelled for {@code usage}.
   *
   * @throws SecretNotFoundException if there is no such Secret
   * @throws SecretNotOptedInException if its owner did not label it for this usage
   */
  public ReadSecret read(String namespace, String name, SecretUsage usage) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new SecretNotFoundException(namespace, name);
    }
    if (!usage.allows(secret)) {
      Map<String, String> labels = secret.getMetadata().getLabels();
      throw new SecretNotOptedInException(namespace, name, usage, labels == null ? null : labels.get(SecretUsage.LABEL));
    }
    return ReadSecret.of(secret);
  }

  /** A Secret's identity, type and data, decoded on demand so values stay out of toString. */
  public record ReadSecret(String namespace, String name, String uid, String resourceVersion, String type,
      Map<String, String> base64Data) {
    /** A Secret the caller already decided to trust (one the operator wrote itself). */
    public static ReadSecret of(Secret secret) {
      return new ReadSecret(secret.getMetadata().getNamespace(), secret.getMetadata().getName(),
          secret.getMetadata().getUid(), secret.getMetadata().getResourceVersion(), secret.getType(),
          secret.getData() == null ? Map.of() : secret.getData());
    }

    public Optional<char[]> value(String key) {
      String encoded = base64Data.get(key);
      if (encoded == null) {
        return Optional.empty();
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new InvalidSecretException("Secret " + namespace + "/" + name + " key " + key + " is not valid base64");
      }
      return Optional.of(StrictUtf8.decode(bytes).orElseThrow(() -> new InvalidSecretException("Secret " + namespace
          + "/" + name + " key " + key + " is not valid UTF-8, so it was not used")));
    }

    public char[] required(String key) {
      return value(key).orElseThrow(() -> new InvalidSecretException(
          "Secret " + namespace + "/" + name + " (type " + type + ") has no key " + key));
    }

    @Override
    public String toString() {
      return "Secret " + namespace + "/" + name + " (type " + type + ", keys " + base64Data.keySet() + ")";
    }
  }
}
