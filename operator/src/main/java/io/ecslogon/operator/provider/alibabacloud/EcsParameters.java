package io.ecslogon.operator.provider.alibabacloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** How list parameters are spelled for ECS: shared by every caller of the SDK. */
final class EcsParameters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EcsParameters() {}

  /** List parameters (InstanceIds, KeyPairNames) are a JSON array in a string: the SDK passes them as they are. */
  static String jsonArray(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
