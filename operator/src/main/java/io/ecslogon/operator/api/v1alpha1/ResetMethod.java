package io.ecslogon.operator.api.v1alpha1;

/** How a password reset takes effect. */
public enum ResetMethod {
  Online,
  Offline
}
