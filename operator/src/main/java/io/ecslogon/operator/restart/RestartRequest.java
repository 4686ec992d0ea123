package io.ecslogon.operator.restart;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * One object's wish that an instance restart, as carried by the EcsInstance annotation
 * {@value RestartRequests#ANNOTATION}. {@code id} is the requester's UID: a request is carried out
 * at most once, however often it is repeated.
 */
public record RestartRequest(@JsonProperty("id") String id, @JsonProperty("requestedBy") String requestedBy,
    @JsonProperty("reason") String reason) {

  String toJson() {
    return Serialization.asJson(this);
  }

  static RestartRequest fromJson(String json) {
    try {
      return Serialization.unmarshal(json, RestartRequest.class);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
