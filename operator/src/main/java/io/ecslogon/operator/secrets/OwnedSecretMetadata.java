package io.ecslogon.operator.secrets;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.Map;

/**
 * Metadata of every Secret the operator writes: the managed-by label (its Secret informers select
 * on it, so they cache no one else's Secrets) and a controller ownerReference to the object it
 * belongs to (so Kubernetes' garbage collector deletes it with that object).
 */
public final class OwnedSecretMetadata {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "ecs-logon-operator";

  private OwnedSecretMetadata() {}

  public static ObjectMeta of(HasMetadata owner, String name, Map<String, String> labels,
      Map<String, String> annotations) {
    Map<String, String> allLabels = new HashMap<>(labels);
    allLabels.put(MANAGED_BY, OPERATOR);
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(allLabels)
        .withAnnotations(new HashMap<>(annotations))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(owner.getApiVersion())
            .withKind(owner.getKind())
            .withName(owner.getMetadata().getName())
            .withUid(owner.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build())
        .build();
  }

  public static boolean isOwnedBy(Secret secret, HasMetadata owner) {
    return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> owner.getMetadata().getUid().equals(ref.getUid()));
  }
}
