package io.ecslogon.operator.secrets;

/** A referenced Secret cannot be used as it is. Messages name keys and types, never values. */
public class InvalidSecretException extends RuntimeException {
  public InvalidSecretException(String message) {
    super(message);
  }
}
