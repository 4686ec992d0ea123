package io.ecslogon.operator.testing.faults;

/**
 * Which writes the fault webhook is asked about. Never namespaces (test fixtures, not the
 * operator's), Events (the operator records them best effort, and the API server and controller
 * manager write them too: faults there test nothing of the operator) or the webhook configuration
 * itself (the API server does not call webhooks for it, so a fault could never lock it out).
 */
public enum FaultScope {
  /** ecslogon.io objects with every subresource (status) and core Secrets: what the operator writes. */
  ECSLOGON_AND_SECRETS,
  /**
   * Also coordination.k8s.io Leases, for leader-election scenarios: left out by default because a
   * fault window longer than the lease turns into a leadership loss (which may end the process).
   */
  ALSO_LEASES
}
