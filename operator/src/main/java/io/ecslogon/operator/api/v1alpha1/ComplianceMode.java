package io.ecslogon.operator.api.v1alpha1;

/** Audit reports findings; Enforce also removes what is not allowed. */
public enum ComplianceMode {
  Audit,
  Enforce
}
