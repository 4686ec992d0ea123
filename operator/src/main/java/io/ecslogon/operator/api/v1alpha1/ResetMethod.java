package io.ecslogon.operator.api.v1alpha1;

/** How a password reset takes effect. */
public enum ResetMethod {
  /** chpasswd over SSH, no restart. */
  Online,
  /** chpasswd over SSH, then a restart through the instance's restart component. */
  Offline,
  /**
   * The ECS console's way: the instance's logon password (root) is handed to ECS with
   * ModifyInstanceAttribute, over HTTPS and without SSH, and takes effect when the instance restarts
   * (RebootInstance). The rescue path for an instance nobody can log on to.
   */
  Console
}
