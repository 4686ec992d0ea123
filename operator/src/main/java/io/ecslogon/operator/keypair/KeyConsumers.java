package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The LogonUsers that authorise a KeyPair's key, and whether all of them have moved to its
 * current key: every instance they target reports it ready with the current fingerprint. Until
 * then a replaced key stays listed, so no consumer loses its only working key (make-before-break).
 */
final class KeyConsumers {
  private final KubernetesClient client;

  KeyConsumers(KubernetesClient client) {
    this.client = client;
  }

  boolean allMovedTo(KeyPair keyPair, String fingerprint) {
    return client.resources(LogonUser.class).inNamespace(keyPair.getMetadata().getNamespace()).list().getItems().stream()
        .filter(user -> references(user, keyPair.getMetadata().getName()))
        .allMatch(user -> moved(user, fingerprint));
  }

  private static boolean references(LogonUser user, String keyPairName) {
    return user.getSpec().getKeyPairRefs() != null
        && user.getSpec().getKeyPairRefs().stream().anyMatch(ref -> keyPairName.equals(ref.getName()));
  }

  private static boolean moved(LogonUser user, String fingerprint) {
    if (user.getStatus() == null || user.getStatus().getInstances() == null) {
      return false;
    }
    List<InstanceResult> instances = user.getStatus().getInstances();
    return instances.stream().allMatch(result -> Boolean.TRUE.equals(result.getReady())
        && result.getKeyFingerprints() != null && result.getKeyFingerprints().contains(fingerprint));
  }
}
