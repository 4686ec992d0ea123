package io.ecslogon.operator.hostile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reasons a case's objects carry: of their conditions that are not True (or that say Failed),
 * and of their Warning Events, which outlive a condition the next visit replaces.
 */
final class RefusalReasons {
  private RefusalReasons() {}

  @SuppressWarnings("unchecked")
  static Set<String> of(KubernetesClient client, List<GenericKubernetesResource> objects) {
    Set<String> reasons = new TreeSet<>();
    for (GenericKubernetesResource object : objects) {
      String name = object.getMetadata().getName();
      String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
      if (!"Secret".equals(object.getKind())) {
        GenericKubernetesResource current = client.genericKubernetesResources(object.getApiVersion(), object.getKind())
            .inNamespace(namespace).withName(name).get();
        Object status = current == null ? null : current.getAdditionalProperties().get("status");
        Object conditions = status instanceof Map<?, ?> map ? map.get("conditions") : null;
        if (conditions instanceof List<?> list) {
          for (Object condition : list) {
            Map<String, Object> c = (Map<String, Object>) condition;
            if (!"True".equals(c.get("status")) || "Failed".equals(c.get("type"))) {
              reasons.add(String.valueOf(c.get("reason")));
            }
          }
        }
      }
      for (Event event : client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list()
          .getItems()) {
        if ("Warning".equals(event.getType())) {
          reasons.add(event.getReason());
        }
      }
    }
    return reasons;
  }
}
