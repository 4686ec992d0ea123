package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.secrets.InvalidSecretException;

/** The admin Secret holds a password, and {@link PasswordHostKeyRule} forbids sending it to this instance. */
public class PasswordNotAllowedException extends InvalidSecretException {
  PasswordNotAllowedException(String message) {
    super(message);
  }
}
