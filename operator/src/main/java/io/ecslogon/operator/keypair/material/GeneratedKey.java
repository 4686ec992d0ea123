package io.ecslogon.operator.keypair.material;

/**
 * A freshly generated key pair: the private key as OpenSSH writes it (PEM-armoured
 * openssh-key-v1, possibly encrypted) and its public half. {@link #toString()} never shows the
 * private key.
 */
public record GeneratedKey(char[] privateKeyOpenSsh, SshPublicKey publicKey) {
  @Override
  public String toString() {
    return "GeneratedKey[" + publicKey + ", private key redacted]";
  }
}
