package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.ComplianceMode;
import io.ecslogon.operator.api.v1alpha1.ComplianceStatus;
import io.ecslogon.operator.api.v1alpha1.Finding;
import io.ecslogon.operator.status.Conditions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An audit's findings as status.compliance (counts of every type, at most {@link #LISTED} findings
 * listed) and the Compliant condition, plus which findings are news and which were fixed since
 * the last status, so that Events tell a change once instead of on every visit.
 */
public record ComplianceReport(ComplianceStatus status, String conditionStatus, String reason, String message,
    List<Finding> appeared, List<Finding> cleared, ImageReadiness imageReadiness, List<String> done,
    List<String> newFailures, List<String> preview) {
  /** How many findings status lists: an instance full of findings must not outgrow its object. */
  public static final int LISTED = 50;
  public static final String COMPLIANT = "NoFindings";
  public static final String FINDINGS = "FindingsPresent";

  public static ComplianceReport of(ComplianceMode mode, ComplianceVisit.Outcome outcome, ComplianceStatus previous) {
    ComplianceAudit.Result audit = outcome.audit();
    List<Finding> findings = audit.findings();
    ComplianceStatus status = new ComplianceStatus();
    status.setMode(mode);
    status.setTotal(findings.size());
    Map<String, Integer> counts = new TreeMap<>();
    findings.forEach(finding -> counts.merge(finding.getType(), 1, Integer::sum));
    status.setCounts(counts.isEmpty() ? null : counts);
    List<Finding> listed = findings.size() > LISTED ? findings.subList(0, LISTED) : findings;
    status.setFindings(listed.isEmpty() ? null : List.copyOf(listed));
    status.setTruncated(findings.size() > LISTED ? Boolean.TRUE : null);

    List<Finding> before = previous == null || previous.getFindings() == null ? List.of() : previous.getFindings();
    Set<String> beforeIds = before.stream().map(Finding::getId).collect(Collectors.toSet());
    Set<String> nowIds = findings.stream().map(Finding::getId).collect(Collectors.toSet());
    // A finding past a truncated list may have been there unlisted: only what sorts within the
    // previous list can be told as new.
    String lastListedBefore = previous != null && Boolean.TRUE.equals(previous.getTruncated()) && !before.isEmpty()
        ? before.get(before.size() - 1).getId() : null;
    List<Finding> appeared = listed.stream()
        .filter(finding -> !beforeIds.contains(finding.getId()))
        .filter(finding -> lastListedBefore == null || finding.getId().compareTo(lastListedBefore) < 0)
        .toList();
    List<Finding> cleared = before.stream().filter(finding -> !nowIds.contains(finding.getId())).toList();

    status.setPreview(outcome.preview().isEmpty() ? null : List.copyOf(outcome.preview()));
    status.setFailures(outcome.failed().isEmpty() ? null : List.copyOf(outcome.failed()));
    List<String> failedBefore = previous == null || previous.getFailures() == null ? List.of() : previous.getFailures();
    List<String> newFailures = outcome.failed().stream().filter(failure -> !failedBefore.contains(failure)).toList();
    String how = how(mode, outcome);
    if (findings.isEmpty()) {
      return new ComplianceReport(status, Conditions.TRUE, COMPLIANT, "no findings (" + how + ")", appeared, cleared,
          audit.imageReadiness(), outcome.done(), newFailures, outcome.preview());
    }
    String summary = counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
    return new ComplianceReport(status, Conditions.FALSE, FINDINGS, findings.size() + " finding(s): " + summary
        + " (" + how + "; see status.compliance)", appeared, cleared, audit.imageReadiness(), outcome.done(),
        newFailures, outcome.preview());
  }

  private static String how(ComplianceMode mode, ComplianceVisit.Outcome outcome) {
    if (mode != ComplianceMode.Enforce) {
      return "Audit: reported, nothing changed";
    }
    if (!outcome.preview().isEmpty()) {
      return "Enforce, first visit: " + outcome.preview().size() + " action(s) previewed in"
          + " status.compliance.preview, carried out from the next visit";
    }
    return "Enforce: " + outcome.done().size() + " action(s) taken" + (outcome.failed().isEmpty() ? ""
        : ", " + outcome.failed().size() + " failed (status.compliance.failures)")
        + (outcome.done().isEmpty() ? "" : "; findings are read again on the next visit");
  }
}
