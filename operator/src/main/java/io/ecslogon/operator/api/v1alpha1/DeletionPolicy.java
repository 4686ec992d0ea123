package io.ecslogon.operator.api.v1alpha1;

/** What deleting a LogonUser does on its instances. */
public enum DeletionPolicy {
  Delete,
  RemoveKeys
}
