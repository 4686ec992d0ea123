package io.ecslogon.operator.api.v1alpha1;

/** The sudo rule a LogonUser gets. */
public enum SudoPolicy {
  none,
  passwordless,
  password
}
