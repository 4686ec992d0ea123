package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which instances a LogonUser targets, and which LogonUser wins when two claim the same user. */
final class LogonUserTargets {
  private final KubernetesClient client;

  LogonUserTargets(KubernetesClient client) {
    this.client = client;
  }

  List<EcsInstance> of(LogonUser user) {
    String namespace = user.getMetadata().getNamespace();
    var instances = client.resources(EcsInstance.class).inNamespace(namespace);
    if (user.getSpec().getInstanceRef() != null) {
      return Optional.ofNullable(instances.withName(user.getSpec().getInstanceRef().getName()).get()).stream().toList();
    }
    return instances.withLabelSelector(user.getSpec().getInstanceSelector()).list().getItems().stream()
        .sorted(Comparator.comparing(instance -> instance.getMetadata().getName()))
        .toList();
  }

  /**
   * The LogonUser that manages {@code username} on {@code instance}: the oldest of those that
   * claim it (then by name), so the answer is the same whichever of them asks.
   */
  LogonUser claimant(LogonUser asking, EcsInstance instance) {
    return client.resources(LogonUser.class).inNamespace(asking.getMetadata().getNamespace()).list().getItems().stream()
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null || other == asking)
        .filter(other -> asking.getSpec().getUsername().equals(other.getSpec().getUsername()))
        .filter(other -> of(other).stream().anyMatch(i -> i.getMetadata().getName().equals(instance.getMetadata().getName())))
        .min(Comparator.comparing((LogonUser other) -> other.getMetadata().getCreationTimestamp())
            .thenComparing(other -> other.getMetadata().getName()))
        .orElse(asking);
  }
}
