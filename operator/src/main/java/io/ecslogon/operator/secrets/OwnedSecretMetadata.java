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
 * on it, so they cache no one else's Secrets), the usage label that lets the operator read it back
 * like any opted-in Secret ({@link SecretUsage}), and a controller ownerReference to the object it
 * belongs to (so Kubernetes' garbage collector deletes it with that object). None of this proves
 * that the operator wrote a Secret (anyone who may create Secrets can copy it); callers that must
 * know compare the Secret's uid with the one they recorded in their own status.
 */
public final class OwnedSecretMetadata {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "ecs-logon-operator";

  private OwnedSecretMetadata() {}

  public static ObjectMeta of(HasMetadata owner, String name, SecretUsage usage, Map<String, String> labels,
      Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels(usage, labels))
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

  /** The caller's labels plus the operator's own, which win over a template's. */
  public static Map<String, String> labels(SecretUsage usage, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(labels);
    all.put(MANAGED_BY, OPERATOR);
    all.putAll(usage.label());
    return all;
  }

  public static boolean isOwnedBy(Secret secret, HasMetadata owner) {
    return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> owner.getMetadata().getUid().equals(ref.getUid()));
  }
}
