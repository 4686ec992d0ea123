package io.ecslogon.operator.ecsinstance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fields of status.alibabaCloud about the operator's own key that change together: as a JSON
 * merge patch (a null removes the field) and as the same change to the status a visit writes.
 */
final class OwnKeyFields {
  private final ObjectNode fields = Serialization.jsonMapper().createObjectNode();
  private final List<Consumer<AlibabaCloudInstanceStatus>> changes = new ArrayList<>();

  OwnKeyFields secretUid(String uid) {
    changes.add(status -> status.setOperatorKeySecretUid(uid));
    return put("operatorKeySecretUid", uid);
  }

  /** The key in use, and when it was made. */
  OwnKeyFields key(String fingerprint, Instant createdAt) {
    changes.add(status -> {
      status.setOperatorKeyFingerprint(fingerprint);
      status.setOperatorKeyCreatedAt(createdAt.toString());
    });
    return put("operatorKeyFingerprint", fingerprint).put("operatorKeyCreatedAt", createdAt.toString());
  }

  OwnKeyFields next(String fingerprint) {
    changes.add(status -> status.setOperatorKeyNextFingerprint(fingerprint));
    return put("operatorKeyNextFingerprint", fingerprint);
  }

  OwnKeyFields retiring(String publicKeyLine) {
    changes.add(status -> status.setOperatorKeyRetiringPublicKey(publicKeyLine));
    return put("operatorKeyRetiringPublicKey", publicKeyLine);
  }

  String mergePatch() {
    ObjectNode patch = Serialization.jsonMapper().createObjectNode();
    patch.putObject("status").set("alibabaCloud", fields);
    return patch.toString();
  }

  void applyTo(AlibabaCloudInstanceStatus status) {
    changes.forEach(change -> change.accept(status));
  }

  private OwnKeyFields put(String field, String value) {
    if (value == null) {
      fields.putNull(field);
    } else {
      fields.put(field, value);
    }
    return this;
  }
}
