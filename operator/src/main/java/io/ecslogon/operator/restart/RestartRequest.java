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

  /**
   * The request the annotation holds, or why it holds none: anyone who may edit the EcsInstance can
   * write the annotation, and a request without an id would restart the instance with nothing to
   * recognise it by afterwards.
   */
  static RestartRequest parse(String json) {
    RestartRequest request;
    try {
      request = Serialization.unmarshal(json, RestartRequest.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("it is not a JSON object");
    }
    if (request == null || blank(request.id()) || blank(request.requestedBy()) || blank(request.reason())) {
      throw new IllegalArgumentException("it needs non-empty id, requestedBy and reason");
    }
    return request;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
