package io.ecslogon.operator.provider.alibabacloud;

/**
 * An ECS OpenAPI call that failed for good (after the retries {@link EcsRequests} allows): ECS's
 * error code, its message and request ID, which carry no secret. Never the request's parameters:
 * one of them can be a password (ModifyInstanceAttribute).
 */
public class CloudApiException extends RuntimeException {
  private final String action;
  private final String code;
  private final int httpStatus;

  /** {@code httpStatus} 0: no HTTP answer (the network). */
  public CloudApiException(String action, String code, int httpStatus, String message) {
    this(action, code, httpStatus, message, true);
  }

  private CloudApiException(String action, String code, int httpStatus, String message, boolean withMessage) {
    super(summary(action, code, httpStatus) + (withMessage ? ": " + message : " (ECS's message left out: it quoted"
        + " a request parameter)"));
    this.action = action;
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The same failure without ECS's message: for an answer that quoted what it was sent. */
  public CloudApiException withoutMessage() {
    return new CloudApiException(action, code, httpStatus, null, false);
  }

  /** Action, code and HTTP status only: what a log line needs. */
  public String summary() {
    return summary(action, code, httpStatus);
  }

  private static String summary(String action, String code, int httpStatus) {
    return action + " failed: " + code + (httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "");
  }

  public String code() {
    return code;
  }

  /** Throttling or an error on ECS's side: worth trying again later. */
  public boolean transientFailure() {
    return EcsRequests.retriable(code, httpStatus);
  }
}
