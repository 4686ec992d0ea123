package io.ecslogon.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairAttachment;
import io.ecslogon.operator.api.v1alpha1.RestartRecord;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplacingMergePatchTest {
  @Test
  void aNewRestartRecordOverAFinishedOneKeepsNothingOfIt() {
    RestartRecord finished = new RestartRecord();
    finished.setRequestId("first");
    finished.setPreviousBootId("boot-1");
    finished.setBootId("boot-2");
    finished.setCompletedAt("2026-12-03T11:13:00Z");
    finished.setConfirmedBy("BootId");
    RestartRecord next = new RestartRecord();
    next.setRequestId("second");
    next.setPreviousBootId("boot-2");
    next.setRequestedAt("2026-12-03T11:14:00Z");

    ObjectNode stored = (ObjectNode) Serialization.jsonMapper().valueToTree(Map.of("status", Map.of("lastRestart",
        finished, "other", "kept")));
    mergePatch(stored, read(ReplacingMergePatch.atStatus(next, RestartRecord.class, "lastRestart")));

    JsonNode lastRestart = stored.get("status").get("lastRestart");
    assertThat(lastRestart).isEqualTo(Serialization.jsonMapper().valueToTree(next));
    assertThat(lastRestart.has("completedAt")).as("the previous restart's completion is gone").isFalse();
    assertThat(stored.get("status").get("other").asText()).as("the rest of status is left alone").isEqualTo("kept");
  }

  @Test
  void aPlainMergeOfTheSameRecordWouldHaveKeptThePreviousCompletion() {
    // The failure this class exists for, shown with the same merge: without the nulls the new
    // request inherits completedAt, and looks done before the instance restarted.
    RestartRecord finished = new RestartRecord();
    finished.setRequestId("first");
    finished.setCompletedAt("2026-12-03T11:13:00Z");
    RestartRecord next = new RestartRecord();
    next.setRequestId("second");
    ObjectNode stored = (ObjectNode) Serialization.jsonMapper().valueToTree(Map.of("status", Map.of("lastRestart",
        finished)));
    mergePatch(stored, read(Serialization.asJson(Map.of("status", Map.of("lastRestart", next)))));
    assertThat(stored.get("status").get("lastRestart").get("completedAt").asText()).isEqualTo("2026-12-03T11:13:00Z");
  }

  @Test
  void aNestedPlaceAndARemovalAreWritten() {
    AlibabaCloudKeyPairAttachment attachment = new AlibabaCloudKeyPairAttachment();
    attachment.setKeyPairName("ops");
    JsonNode patch = read(ReplacingMergePatch.atStatus(attachment, AlibabaCloudKeyPairAttachment.class, "alibabaCloud",
        "keyPairAttachment"));
    JsonNode written = patch.get("status").get("alibabaCloud").get("keyPairAttachment");
    assertThat(written.get("keyPairName").asText()).isEqualTo("ops");
    assertThat(written.get("inEffectAt").isNull()).isTrue();
    assertThat(written.get("bootIdBefore").isNull()).isTrue();

    JsonNode removal = read(ReplacingMergePatch.atStatus(null, AlibabaCloudKeyPairAttachment.class, "alibabaCloud",
        "keyPairAttachment"));
    assertThat(removal.get("status").get("alibabaCloud").get("keyPairAttachment").isNull()).isTrue();
  }

  private static JsonNode read(String json) {
    try {
      return Serialization.jsonMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 7386 as the API server applies it: objects merge member by member, null removes. */
  private static void mergePatch(ObjectNode target, JsonNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
        mergePatch(existing, value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }
}
