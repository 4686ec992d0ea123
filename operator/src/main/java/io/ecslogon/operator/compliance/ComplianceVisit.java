package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.ComplianceMode;
import io.ecslogon.operator.api.v1alpha1.CompliancePolicy;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.convergence.ObservedInstance;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.RemoteShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compliance part of a visit: the audit, and under Enforce the actions that follow from it.
 * The first visit in Enforce only previews them (status.compliance.preview and an Event), so that
 * switching from Audit shows what will happen before it does; from the next visit on they are
 * carried out.
 */
public final class ComplianceVisit {
  static final String PASSWORD_LOGINS_OFF = "turn PasswordAuthentication off through the safe sshd path"
      + " (spec.sshd does not set it, the admin logs on with a key, and no LogonUser here sets a password)";

  private ComplianceVisit() {}

  /**
   * @param preview what Enforce will do from the next visit on (this visit did nothing)
   * @param done what was done, one line each
   * @param failed what could not be done, and why
   */
  public record Outcome(ComplianceAudit.Result audit, List<String> preview, List<String> done, List<String> failed) {}

  public static Optional<Outcome> run(RemoteShell shell, EcsInstance instance, ObservedInstance seen,
      Expected expected) {
    Optional<ComplianceAudit.Result> audited = ComplianceAudit.audit(seen, expected);
    if (audited.isEmpty() || !enforce(instance)) {
      return audited.map(audit -> new Outcome(audit, List.of(), List.of(), List.of()));
    }
    ComplianceAudit.Result audit = audited.get();
    List<EnforcementAction> actions = EnforcementPlan.of(seen, expected, audit.findings());
    if (!enforcing(instance)) {
      List<String> preview = new ArrayList<>(actions.stream().map(EnforcementAction::description).toList());
      if (turnsPasswordLoginsOff(instance, expected.adminKeyFingerprint().isPresent(),
          !expected.passwordUsers().isEmpty())) {
        preview.add(PASSWORD_LOGINS_OFF);
      }
      return Optional.of(new Outcome(audit, preview, List.of(), List.of()));
    }
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    if (!actions.isEmpty()) {
      try {
        List<String> answers = EnforcementRun.apply(shell, actions);
        for (int i = 0; i < actions.size(); i++) {
          if (answers.get(i) == null) {
            done.add(actions.get(i).description());
          } else {
            failed.add(actions.get(i).description() + ": " + answers.get(i));
          }
        }
      } catch (HostException e) {
        actions.forEach(action -> failed.add(action.description() + ": " + e.getMessage()));
      }
    }
    return Optional.of(new Outcome(audit, List.of(), done, failed));
  }

  /** spec.compliance asks for Enforce. */
  static boolean enforce(EcsInstance instance) {
    CompliancePolicy policy = instance.getSpec().getCompliance();
    return policy != null && policy.getMode() == ComplianceMode.Enforce;
  }

  /** Enforce asked for, and its preview already shown: the last status says Enforce. */
  public static boolean enforcing(EcsInstance instance) {
    return enforce(instance) && instance.getStatus() != null && instance.getStatus().getCompliance() != null
        && instance.getStatus().getCompliance().getMode() == ComplianceMode.Enforce;
  }

  /**
   * Whether Enforce turns password logins off on this instance: only when spec.sshd says nothing
   * about them, the operator logs on with a key (so the change cannot shut it out), and no
   * LogonUser gives anyone here a password to log on with.
   */
  public static boolean turnsPasswordLoginsOff(EcsInstance instance, boolean adminUsesKey, boolean anyPasswordUser) {
    return enforce(instance) && adminUsesKey && !anyPasswordUser
        && (instance.getSpec().getSshd() == null || instance.getSpec().getSshd().getPasswordAuthentication() == null);
  }
}
