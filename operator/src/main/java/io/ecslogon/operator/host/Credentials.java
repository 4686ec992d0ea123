package io.ecslogon.operator.host;

import java.util.Arrays;

/**
 * How the operator authenticates as the instance's admin user. Secret material is held as chars
 * and never printed: {@link #toString()} names the kind only.
 */
public sealed interface Credentials {

  /** A private key in OpenSSH or PEM form, optionally protected by a passphrase. */
  record PrivateKey(char[] privateKey, char[] passphrase) implements Credentials {
    public PrivateKey {
      privateKey = privateKey.clone();
      passphrase = passphrase == null ? null : passphrase.clone();
    }

    @Override
    public String toString() {
      return "PrivateKey[redacted]";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof PrivateKey that
          && Arrays.equals(privateKey, that.privateKey)
          && Arrays.equals(passphrase, that.passphrase);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(privateKey) + Arrays.hashCode(passphrase);
    }
  }

  /** A password for keyboard-less password authentication. */
  record Password(char[] password) implements Credentials {
    public Password {
      password = password.clone();
    }

    @Override
    public String toString() {
      return "Password[redacted]";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Password that && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(password);
    }
  }
}
