package io.ecslogon.operator.status;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A JSON merge patch that puts a whole object at one place of a status, replacing what was there.
 * A merge patch merges objects field by field, so a new record written over an older one would
 * keep the older record's fields that the new one leaves unset (a restart record with a new request
 * ID and the previous restart's completedAt: a restart that looks done before it began; the fault
 * suite found an offline PasswordReset reporting Succeeded that way). Every property of the type
 * that the new value does not set is therefore sent as null, which a merge patch removes. Only the
 * object's own properties are nulled: the records written this way (RestartRecord,
 * AlibabaCloudKeyPairAttachment) hold no nested objects, and one that did would need the same here.
 */
public final class ReplacingMergePatch {
  private ReplacingMergePatch() {}

  /**
   * @param value the object to put there, or null to remove it
   * @param path the field names from status down, e.g. {@code "alibabaCloud", "keyPairAttachment"}
   */
  public static <T> String atStatus(T value, Class<T> type, String... path) {
    ObjectMapper mapper = Serialization.jsonMapper();
    ObjectNode patch = mapper.createObjectNode();
    ObjectNode parent = patch.putObject("status");
    for (int i = 0; i < path.length - 1; i++) {
      parent = parent.putObject(path[i]);
    }
    String field = path[path.length - 1];
    if (value == null) {
      parent.putNull(field);
      return patch.toString();
    }
    ObjectNode whole = mapper.valueToTree(value);
    JavaType javaType = mapper.constructType(type);
    for (BeanPropertyDefinition property : mapper.getSerializationConfig().introspect(javaType).findProperties()) {
      if (!whole.has(property.getName())) {
        whole.putNull(property.getName());
      }
    }
    parent.set(field, whole);
    return patch.toString();
  }
}
