package io.ecslogon.operator.provider.alibabacloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** How parameters are spelled for ECS, and which budget a call spends: shared by every caller of the SDK. */
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

  /** ECS throttles per account and region: every call of one identity in one region shares one budget. */
  static String budgetKey(CloudCredentials credentials, String regionId) {
    return credentials.identity() + " in " + regionId;
  }
}
