package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which instances a LogonUser targets, and which report it, answered from the informer's cache:
 * no request to the API server per visit.
 */
final class LogonUserTargets {
  private final InformerEventSource<EcsInstance, LogonUser> instances;

  LogonUserTargets(InformerEventSource<EcsInstance, LogonUser> instances) {
    this.instances = instances;
  }

  List<EcsInstance> of(LogonUser user) {
    return instances.list(user.getMetadata().getNamespace(), instance -> targets(user, instance))
        .sorted(Comparator.comparing(instance -> instance.getMetadata().getName()))
        .toList();
  }

  /** The instances whose last visit reported a result for {@code user}: it may be on them. */
  List<EcsInstance> reporting(LogonUser user) {
    return instances.list(user.getMetadata().getNamespace(), instance -> InstancePlan.previous(instance, user).isPresent())
        .sorted(Comparator.comparing(instance -> instance.getMetadata().getName()))
        .toList();
  }

  /** Whether {@code user} names {@code instance} (instanceRef) or selects it (instanceSelector). */
  static boolean targets(LogonUser user, EcsInstance instance) {
    if (!user.getMetadata().getNamespace().equals(instance.getMetadata().getNamespace())) {
      return false;
    }
    if (user.getSpec().getInstanceRef() != null) {
      return user.getSpec().getInstanceRef().getName().equals(instance.getMetadata().getName());
    }
    return selects(user.getSpec().getInstanceSelector(), instance.getMetadata().getLabels());
  }

  /** Whether {@code user} takes keys from the KeyPair named {@code keyPair} (same namespace). */
  static boolean references(LogonUser user, String keyPair) {
    return user.getSpec().getKeyPairRefs() != null
        && user.getSpec().getKeyPairRefs().stream().anyMatch(ref -> keyPair.equals(ref.getName()));
  }

  /** A label selector as the API server evaluates it (matchLabels and matchExpressions). */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
        .allMatch(wanted -> wanted.getValue().equals(have.get(wanted.getKey())))) {
      return false;
    }
    if (selector.getMatchExpressions() == null) {
      return true;
    }
    return selector.getMatchExpressions().stream().allMatch(expression -> {
      String value = have.get(expression.getKey());
      List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
      return switch (expression.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> have.containsKey(expression.getKey());
        case "DoesNotExist" -> !have.containsKey(expression.getKey());
        default -> false;
      };
    });
  }
}
