package io.ecslogon.operator.ecsinstance;

/** The spec asks for something the operator refuses to send to an instance. */
class InvalidSpecException extends RuntimeException {
  InvalidSpecException(String message) {
    super(message);
  }
}
