package io.ecslogon.operator.testing.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The decoded query parameters of one call, read the ways ECS parameters come (scalars, Name.N lists, JSON arrays). */
final class EcsRequest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> parameters;

  EcsRequest(Map<String, String> parameters) {
    this.parameters = parameters;
  }

  String optional(String name) {
    String value = parameters.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  String optional(String name, String fallback) {
    String value = optional(name);
    return value == null ? fallback : value;
  }

  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw EcsApiException.missing(name);
    }
    return value;
  }

  /** RegionId has its own error code in ECS rather than the generic MissingParameter. */
  String regionId() {
    String value = optional("RegionId");
    if (value == null) {
      throw new EcsApiException(400, "MissingRegionId", "RegionId is mandatory for this action.");
    }
    return value;
  }

  int integer(String name, int fallback) {
    String value = optional(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new EcsApiException(400, "InvalidParameter", "The specified parameter \"" + name + "\" is not valid.");
    }
  }

  boolean flag(String name) {
    return "true".equalsIgnoreCase(optional(name));
  }

  /** A list the SDK flattens as Name.1, Name.2, ... (InstanceId.N). */
  List<String> flatList(String name) {
    List<String> values = new ArrayList<>();
    for (int i = 1; parameters.containsKey(name + "." + i); i++) {
      values.add(parameters.get(name + "." + i));
    }
    return values;
  }

  /** A list the caller sends as one string holding a JSON array (InstanceIds, KeyPairNames). */
  List<String> jsonArray(String name, String malformedCode) {
    String value = optional(name);
    if (value == null) {
      return List.of();
    }
    try {
      return JSON.readValue(value, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new EcsApiException(400, malformedCode, "The specified parameter \"" + name + "\" is not a JSON array.");
    }
  }

  Map<String, Object> jsonObject(String name) {
    String value = optional(name);
    if (value == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(value, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new EcsApiException(400, "InvalidParameter", "The specified parameter \"" + name + "\" is not a JSON object.");
    }
  }
}
