package io.ecslogon.operator.secrets;

/** A referenced Secret does not exist (yet). */
public class SecretNotFoundException extends InvalidSecretException {
  public SecretNotFoundException(String namespace, String name) {
    super("Secret " + namespace + "/" + name + " not found");
  }
}
