package io.ecslogon.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * Writes one field of a resource's status at once, apart from the status a reconcile writes at its
 * end: what must be stored before the action it describes (a restart asked for, a key pair attached
 * through ECS, the claim on a Secret about to be created), as a JSON merge patch under its own
 * field manager.
 *
 * @param <R> the kind whose status is written
 */
public final class StatusRecordWriter<R extends HasMetadata> {
  private final KubernetesClient client;
  private final Class<R> kind;
  private final PatchContext patch;

  public StatusRecordWriter(KubernetesClient client, Class<R> kind, String fieldManager) {
    this.client = client;
    this.kind = kind;
    this.patch = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(fieldManager).build();
  }

  /**
   * A whole record, replacing the one there ({@link ReplacingMergePatch}).
   *
   * @param value the record, or null to remove it
   * @param path the field names from status down to the record
   */
  public <T> void write(R resource, T value, Class<T> type, String... path) {
    send(resource, ReplacingMergePatch.atStatus(value, type, path));
  }

  /** One string field directly under status. */
  public void write(R resource, String field, String value) {
    send(resource, Serialization.asJson(Map.of("status", Map.of(field, value))));
  }

  private void send(R resource, String json) {
    client.resources(kind).inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName()).subresource("status").patch(patch, json);
  }
}
