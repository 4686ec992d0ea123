package io.ecslogon.operator.api.v1alpha1;

/** Key algorithms the operator generates. */
public enum KeyType {
  ed25519,
  rsa,
  ecdsa
}
