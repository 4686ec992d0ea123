package io.ecslogon.operator.host;

/**
 * Something went wrong talking to an instance. Messages name the instance and what failed, never
 * a secret.
 */
public class HostException extends RuntimeException {
  public HostException(String message) {
    super(message);
  }

  public HostException(String message, Throwable cause) {
    super(message, cause);
  }
}
