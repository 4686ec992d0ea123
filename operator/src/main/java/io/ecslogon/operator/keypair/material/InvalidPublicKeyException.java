package io.ecslogon.operator.keypair.material;

/** A public key line that is not exactly one valid, acceptable OpenSSH public key. */
public class InvalidPublicKeyException extends IllegalArgumentException {
  public InvalidPublicKeyException(String message) {
    super(message);
  }
}
