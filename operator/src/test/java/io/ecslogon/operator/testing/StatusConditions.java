package io.ecslogon.operator.testing;

import io.ecslogon.operator.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The one test vocabulary for status conditions: read a condition of an object (or of a list),
 * and await one on the API server. Every integration test reads and awaits conditions through
 * these, so "the condition" means the same thing everywhere. A null {@code reason} means any reason.
 */
public final class StatusConditions {
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);

  private StatusConditions() {}

  public static Optional<Condition> conditionOf(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static Optional<Condition> conditionOf(CustomResource<?, ? extends HasConditions> resource, String type) {
    return resource.getStatus() == null ? Optional.empty() : conditionOf(resource.getStatus().getConditions(), type);
  }

  /** The condition's reason, or "" when there is no such condition. */
  public static String reasonOf(CustomResource<?, ? extends HasConditions> resource, String type) {
    return conditionOf(resource, type).map(Condition::getReason).orElse("");
  }

  /** The condition's message, or "" when there is no such condition. */
  public static String messageOf(CustomResource<?, ? extends HasConditions> resource, String type) {
    return conditionOf(resource, type).map(Condition::getMessage).orElse("");
  }

  public static boolean has(List<Condition> conditions, String type, String status, String reason) {
    return conditionOf(conditions, type)
        .filter(c -> status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason())))
        .isPresent();
  }

  public static boolean has(CustomResource<?, ? extends HasConditions> resource, String type, String status,
      String reason) {
    return resource.getStatus() != null && has(resource.getStatus().getConditions(), type, status, reason);
  }

  /** The object as stored once its condition {@code type} has {@code status} (and {@code reason}, unless null). */
  public static <T extends CustomResource<?, ? extends HasConditions>> T awaitCondition(KubernetesClient client,
      T resource, String type, String status, String reason) {
    return awaitCondition(client, resource, type, status, reason, DEFAULT_WAIT);
  }

  public static <T extends CustomResource<?, ? extends HasConditions>> T awaitCondition(KubernetesClient client,
      T resource, String type, String status, String reason, Duration atMost) {
    String description = type + "=" + status + (reason == null ? "" : " (" + reason + ")");
    return awaitCondition(client, resource, type, description, c -> status.equals(c.getStatus())
        && (reason == null || reason.equals(c.getReason())), atMost);
  }

  /** The same, for an object known by name in {@code kube}'s namespace. */
  public static <T extends CustomResource<?, ? extends HasConditions>> T awaitCondition(TestKube kube, Class<T> kind,
      String name, String type, String status, String reason) {
    return kube.await(kind, name, current -> has(current, type, status, reason));
  }

  /** The object as stored once its condition {@code type} has {@code reason}, whatever its status. */
  public static <T extends CustomResource<?, ? extends HasConditions>> T awaitReason(KubernetesClient client,
      T resource, String type, String reason) {
    return awaitCondition(client, resource, type, "reason " + reason, c -> reason.equals(c.getReason()), DEFAULT_WAIT);
  }

  /** The object as stored once its condition {@code type} satisfies {@code test}. */
  public static <T extends CustomResource<?, ? extends HasConditions>> T awaitCondition(KubernetesClient client,
      T resource, String type, String description, Predicate<Condition> test, Duration atMost) {
    return Awaitility.await(resource.getKind() + " " + resource.getMetadata().getName() + " " + description)
        .atMost(atMost).pollInterval(POLL).ignoreExceptions()
        .until(() -> client.resource(resource).get(),
            current -> current != null && conditionOf(current, type).filter(test).isPresent());
  }
}
