package io.ecslogon.operator.convergence;

import io.ecslogon.operator.host.InstanceScript;

/**
 * The two fixed, versioned scripts that do a LogonUser's work on an instance: one that observes
 * (reads, never writes) and one that applies the changes the operator decided. They travel as the
 * program text of {@code sh -c}; everything that varies travels on stdin as data (see the scripts'
 * headers), so no value from a spec, a Secret or the instance is ever evaluated as shell. The
 * contract (requests in, sections or answers out) does not depend on SSH: any transport that runs
 * a script with stdin and returns stdout can carry it.
 */
final class UsersScripts {
  static final String OBSERVE = InstanceScript.load(UsersScripts.class, "observe-users.sh");
  static final String APPLY = InstanceScript.load(UsersScripts.class, "apply-users.sh");

  private UsersScripts() {}
}
