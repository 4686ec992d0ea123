package io.ecslogon.operator.api.v1alpha1;

/** How much of authorized_keys the operator owns. */
public enum KeyPolicy {
  Merge,
  Exclusive
}
