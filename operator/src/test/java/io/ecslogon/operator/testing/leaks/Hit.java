package io.ecslogon.operator.testing.leaks;

/** A secret found in a place: which secret (by origin, never its value), where and in what form. */
public record Hit(SecretValue secret, String place, String form) {
  @Override
  public String toString() {
    return secret.origin() + " found in " + place + " (" + form + ")";
  }
}
