package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.compliance.ComplianceVisit;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.lockout.AdminAccess;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;
import java.util.Optional;

/**
 * The users part of every EcsInstance visit: a plan compiled from the caches before the visit
 * connects (every LogonUser that applies to the instance), observed in the same command as the
 * facts, and converged in the same visit under the instance's lock. Its results become
 * status.users. Implemented by the LogonUser feature, which the EcsInstance feature does not know.
 */
public interface UsersWork {
  /** The informers whose changes call for a visit (LogonUsers, KeyPairs), mapped to the instances concerned. */
  List<EventSource<?, EcsInstance>> eventSources(EventSourceContext<EcsInstance> context);

  /** What the operator wants on {@code instance}, from the caches: no SSH, no writes. */
  Plan plan(EcsInstance instance);

  interface Plan {
    /** The read-only script and its requests, run right after the facts in the visit's one command. */
    HostFactsReader.FollowOn observation();

    /**
     * Decides from what was observed, applies only the differences, and reports each LogonUser;
     * with spec.compliance, also what the observation holds that nobody declared.
     */
    Outcome converge(RemoteShell shell, AdminAccess admin, HostFactsReader.Reading reading);

    /** Whether any LogonUser here gives its user a password (then password logins are theirs to keep). */
    boolean setsPasswords();
  }

  /** @param compliance the audit (and Enforce's actions); empty when none was asked for or it could not run */
  record Outcome(List<InstanceUserResult> users, Optional<ComplianceVisit.Outcome> compliance) {}
}
