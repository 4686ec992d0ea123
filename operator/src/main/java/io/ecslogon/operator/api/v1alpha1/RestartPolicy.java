package io.ecslogon.operator.api.v1alpha1;

/** Whether the operator may restart an instance when a change requires it. */
public enum RestartPolicy {
  Never,
  IfRequired
}
