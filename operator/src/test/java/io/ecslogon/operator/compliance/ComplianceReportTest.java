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

    ComplianceReport report = ComplianceReport.of(ComplianceMode.Audit, many, null);

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
    ComplianceReport first = ComplianceReport.of(ComplianceMode.Audit, List.of(user), null);
    assertThat(first.appeared()).containsExactly(user);

    ComplianceReport same = ComplianceReport.of(ComplianceMode.Audit, List.of(user), first.status());
    assertThat(same.appeared()).isEmpty();
    assertThat(same.cleared()).isEmpty();

    ComplianceReport changed = ComplianceReport.of(ComplianceMode.Audit, List.of(key), same.status());
    assertThat(changed.appeared()).containsExactly(key);
    assertThat(changed.cleared()).containsExactly(user);

    ComplianceReport clean = ComplianceReport.of(ComplianceMode.Audit, List.of(), changed.status());
    assertThat(clean.conditionStatus()).isEqualTo("True");
    assertThat(clean.reason()).isEqualTo(ComplianceReport.COMPLIANT);
    assertThat(clean.cleared()).containsExactly(key);
  }

  @Test
  void enforceSaysItOnlyReportsSoFar() {
    assertThat(ComplianceReport.of(ComplianceMode.Enforce, List.of(), null).message())
        .contains("Enforce requested, but this version only reports");
  }

  private static Finding finding(String id, String type) {
    return new Finding(id, type, null, null, null, "m " + id);
  }
}
