package io.ecslogon.operator.testing.faults;

/** How the fault webhook answers a targeted write; {@link ApiServerFaults#injected()} counts each. */
public enum Fault {
  /** Allowed at once: no fault window is open. */
  PASS,
  /** Refused with 409 Conflict, as when another writer changed the object first. */
  CONFLICT,
  /** Refused with 500 InternalError, as when the API server or etcd fails. */
  ERROR,
  /** Allowed after a delay, as from an overloaded API server. */
  SLOW
}
