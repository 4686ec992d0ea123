package io.ecslogon.operator.api.v1alpha1;

/** Whether a password reset also enables sshd password authentication. */
public enum PasswordAuthenticationChange {
  Enable,
  Retain
}
