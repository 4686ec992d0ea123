package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.Finding;
import io.ecslogon.operator.events.EventRecorder;

/**
 * A Warning when a finding appears and a Normal Event when it is fixed, once each, not every
 * visit; under Enforce, the preview once, every action taken, and each new failure.
 */
public final class ComplianceEvents {
  static final String FOUND = "ComplianceFinding";
  static final String CLEARED = "ComplianceFindingCleared";
  static final String PREVIEW = "ComplianceEnforcementPreview";
  static final String ENFORCED = "ComplianceEnforced";
  static final String ENFORCEMENT_FAILED = "ComplianceEnforcementFailed";
  private final EventRecorder events;

  public ComplianceEvents(EventRecorder events) {
    this.events = events;
  }

  public void announce(EcsInstance instance, ComplianceReport report) {
    for (Finding finding : report.appeared()) {
      events.warning(instance, FOUND, finding.getId() + ": " + finding.getMessage());
    }
    for (Finding finding : report.cleared()) {
      events.normal(instance, CLEARED, finding.getId() + " is no longer found");
    }
    if (!report.preview().isEmpty()) {
      events.normal(instance, PREVIEW, "Enforce will, from the next visit on: " + String.join("; ", report.preview()));
    }
    report.done().forEach(action -> events.normal(instance, ENFORCED, action));
    report.newFailures().forEach(failure -> events.warning(instance, ENFORCEMENT_FAILED, failure));
  }
}
