package io.ecslogon.operator.api.v1alpha1;

/** Lifecycle of a PasswordReset, like a Job. */
public enum ResetPhase {
  Pending,
  Running,
  Succeeded,
  Failed
}
