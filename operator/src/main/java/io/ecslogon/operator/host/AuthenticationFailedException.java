package io.ecslogon.operator.host;

/** The host key was trusted but the host refused the admin credentials. */
public class AuthenticationFailedException extends HostException {
  public AuthenticationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
