package io.ecslogon.operator.provider.alibabacloud;

/**
 * An ECS OpenAPI call that failed for good (after the retries {@link EcsRequests} allows): ECS's
 * error code, its message and request ID, which carry no secret.
 */
public class CloudApiException extends RuntimeException {
  private final String code;
  private final int httpStatus;

  /** {@code httpStatus} 0: no HTTP answer (the network). */
  public CloudApiException(String action, String code, int httpStatus, String message) {
    super(action + " failed: " + code + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "") + ": " + message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  /** Throttling or an error on ECS's side: worth trying again later. */
  public boolean transientFailure() {
    return EcsRequests.retriable(code, httpStatus);
  }
}
