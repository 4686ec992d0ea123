package io.ecslogon.operator.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.ComplianceMode;
import io.ecslogon.operator.api.v1alpha1.Finding;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ComplianceReportTest {
  @Test
  void countsEveryFindingListsAtMostFiftyAndSaysSo() {
    List<Finding> many = IntStream.range(0, 60)
        .mapToObj(i -> finding(String.format("ShellHistory/u%02d/.bash_history", i), "ShellHistory")).toList();

    ComplianceReport report = ComplianceReport.of(ComplianceMode.Audit, audited(many), null);

    assertThat(report.status().getTotal()).isEqualTo(60);
    assertThat(report.status().getCounts()).containsEntry("ShellHistory", 60);
    assertThat(report.status().getFindings()).hasSize(ComplianceReport.LISTED);
    assertThat(report.status().getTruncated()).isTrue();
    assertThat(report.conditionStatus()).isEqualTo("False");
    assertThat(report.message()).contains("60 finding(s): 60 ShellHistory");
  }

  @Test
  void onlyNewFindingsAppearAndOnlyFixedOnesClear() {
    Finding user = finding("UnknownUser/eve", "UnknownUser");
    Finding key = finding("UnrecognisedAuthorizedKey/root/SHA256:x", "UnrecognisedAuthorizedKey");
    ComplianceReport first = ComplianceReport.of(ComplianceMode.Audit, audited(List.of(user)), null);
    assertThat(first.appeared()).containsExactly(user);

    ComplianceReport same = ComplianceReport.of(ComplianceMode.Audit, audited(List.of(user)), first.status());
    assertThat(same.appeared()).isEmpty();
    assertThat(same.cleared()).isEmpty();

    ComplianceReport changed = ComplianceReport.of(ComplianceMode.Audit, audited(List.of(key)), same.status());
    assertThat(changed.appeared()).containsExactly(key);
    assertThat(changed.cleared()).containsExactly(user);

    ComplianceReport clean = ComplianceReport.of(ComplianceMode.Audit, audited(List.of()), changed.status());
    assertThat(clean.conditionStatus()).isEqualTo("True");
    assertThat(clean.reason()).isEqualTo(ComplianceReport.COMPLIANT);
    assertThat(clean.cleared()).containsExactly(key);
  }

  @Test
  void enforcesFirstVisitSaysWhatItWillDoAndLaterVisitsWhatTheyDid() {
    Finding key = finding("UnrecognisedAuthorizedKey/root/SHA256:x", "UnrecognisedAuthorizedKey");
    ComplianceReport preview = ComplianceReport.of(ComplianceMode.Enforce, new ComplianceVisit.Outcome(
        result(List.of(key)), List.of("removed 1 unrecognised key(s) from /root/.ssh/authorized_keys"), List.of(),
        List.of()), null);
    assertThat(preview.status().getPreview()).hasSize(1);
    assertThat(preview.message()).contains("1 action(s) previewed", "from the next visit");

    ComplianceVisit.Outcome failing = new ComplianceVisit.Outcome(result(List.of(key)), List.of(),
        List.of("locked the password of eve (PasswordSet/eve)"), List.of("removed ... : changed since it was read"));
    ComplianceReport acted = ComplianceReport.of(ComplianceMode.Enforce, failing, preview.status());
    assertThat(acted.status().getPreview()).isNull();
    assertThat(acted.message()).contains("Enforce: 1 action(s) taken, 1 failed");
    assertThat(acted.newFailures()).hasSize(1);
    // The same failure again is not news.
    assertThat(ComplianceReport.of(ComplianceMode.Enforce, failing, acted.status()).newFailures()).isEmpty();
  }

  private static ComplianceVisit.Outcome audited(List<Finding> findings) {
    return new ComplianceVisit.Outcome(result(findings), List.of(), List.of(), List.of());
  }

  private static ComplianceAudit.Result result(List<Finding> findings) {
    return new ComplianceAudit.Result(findings, new ImageReadiness(List.of()));
  }

  private static Finding finding(String id, String type) {
    return new Finding(id, type, null, null, null, "m " + id);
  }
}
