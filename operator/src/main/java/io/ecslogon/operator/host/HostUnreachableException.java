package io.ecslogon.operator.host;

/** No SSH conversation could be had: refused, timed out, or dropped before authentication. */
public class HostUnreachableException extends HostException {
  public HostUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
