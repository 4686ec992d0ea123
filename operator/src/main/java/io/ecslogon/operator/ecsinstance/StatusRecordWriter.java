package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.status.ReplacingMergePatch;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes one record of an EcsInstance's status at once and whole ({@link ReplacingMergePatch}),
 * apart from the status a visit writes at its end: the records that must be stored before the
 * action they describe (a restart asked for, a key pair attached through ECS).
 */
final class StatusRecordWriter {
  private final KubernetesClient client;
  private final PatchContext patch;

  StatusRecordWriter(KubernetesClient client, String fieldManager) {
    this.client = client;
    this.patch = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(fieldManager).build();
  }

  /**
   * @param value the record, or null to remove it
   * @param path the field names from status down to the record
   */
  <T> void write(EcsInstance instance, T value, Class<T> type, String... path) {
    client.resources(EcsInstance.class).inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName()).subresource("status")
        .patch(patch, ReplacingMergePatch.atStatus(value, type, path));
  }
}
