package io.ecslogon.operator.testing.leaks;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value any Secret held while the test class ran, in every namespace. An informer,
 * not a list at the end: a Secret deleted during the test (a namespace removed, a PasswordReset's
 * TTL, a rotated key) would otherwise escape the scan.
 */
final class SecretRecorder implements AutoCloseable {
  private final Map<String, SecretValue> byValue = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Secret> informer;

  SecretRecorder(KubernetesClient client) {
    informer = client.secrets().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret secret) {
        record(secret);
      }

      @Override
      public void onUpdate(Secret before, Secret after) {
        record(after);
      }

      @Override
      public void onDelete(Secret secret, boolean finalStateUnknown) {
        record(secret);
      }
    });
  }

  /** Also reads every Secret there now, in case the informer has not seen the latest change yet. */
  Collection<SecretValue> values(KubernetesClient client) {
    client.secrets().inAnyNamespace().list().getItems().forEach(this::record);
    return List.copyOf(byValue.values());
  }

  private void record(Secret secret) {
    Map<String, String> data = secret.getData();
    if (data == null) {
      return;
    }
    data.forEach((key, encoded) -> {
      if (encoded != null && SecretKeys.isSecret(secret.getType(), key)) {
        String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        if (!SecretKeys.isSecretValue(value)) {
          return;
        }
        String origin = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName() + "[" + key + "]";
        byValue.putIfAbsent(value, new SecretValue(origin, value));
      }
    });
  }

  @Override
  public void close() {
    informer.close();
  }
}
