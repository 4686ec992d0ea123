package io.ecslogon.operator.testing.ecs;

/** An error as ECS answers it: HTTP status plus the {@code Code} the SDK surfaces as TeaException.getCode(). */
final class EcsApiException extends RuntimeException {
  private final int httpStatus;
  private final String code;

  EcsApiException(int httpStatus, String code, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  static EcsApiException missing(String parameter) {
    return new EcsApiException(400, "MissingParameter",
        "The input parameter \"" + parameter + "\" that is mandatory for processing this request is not supplied.");
  }

  static EcsApiException instanceNotFound(String instanceId) {
    return new EcsApiException(404, "InvalidInstanceId.NotFound", "The specified InstanceId does not exist: " + instanceId);
  }

  int httpStatus() {
    return httpStatus;
  }

  String code() {
    return code;
  }
}
