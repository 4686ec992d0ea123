package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Which instances a LogonUser targets, and which LogonUser wins when two claim the same user,
 * answered from the informers' caches: no request to the API server per visit.
 */
final class LogonUserTargets {
  private final InformerEventSource<EcsInstance, LogonUser> instances;
  private final Function<String, Stream<LogonUser>> usersInNamespace;

  LogonUserTargets(InformerEventSource<EcsInstance, LogonUser> instances,
      Function<String, Stream<LogonUser>> usersInNamespace) {
    this.instances = instances;
    this.usersInNamespace = usersInNamespace;
  }

  List<EcsInstance> of(LogonUser user) {
    return instances.list(user.getMetadata().getNamespace(), instance -> targets(user, instance))
        .sorted(Comparator.comparing(instance -> instance.getMetadata().getName()))
        .toList();
  }

  java.util.Optional<EcsInstance> instance(String namespace, String name) {
    return instances.get(new io.javaoperatorsdk.operator.processing.event.ResourceID(name, namespace));
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

  /**
   * The LogonUser that manages {@code username} on {@code instance}: the oldest of those that
   * claim it (then by name), so the answer is the same whichever of them asks.
   */
  LogonUser claimant(LogonUser asking, EcsInstance instance) {
    return usersInNamespace.apply(asking.getMetadata().getNamespace())
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null || other == asking)
        .filter(other -> asking.getSpec().getUsername().equals(other.getSpec().getUsername()))
        .filter(other -> targets(other, instance))
        .min(Comparator.comparing((LogonUser other) -> other.getMetadata().getCreationTimestamp())
            .thenComparing(other -> other.getMetadata().getName()))
        .orElse(asking);
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
