package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** What the last compliance audit of an instance found (spec.compliance). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComplianceStatus {
  @JsonPropertyDescription("The mode the audit ran in: Audit or Enforce.")
  private ComplianceMode mode;

  @JsonPropertyDescription("How many findings there are in all, listed or not.")
  private Integer total;

  // Absent rather than empty when there are no findings: an empty map or list would be written as
  // null by the server-side apply and refused by the schema.
  @JsonPropertyDescription("How many findings there are of each type (absent when there are none).")
  private Map<String, Integer> counts;

  @JsonPropertyDescription("The findings, sorted by id, at most 50 (see truncated); absent when there are none.")
  private List<Finding> findings;

  @JsonPropertyDescription("True when there are more findings than listed; counts has them all.")
  private Boolean truncated;

  @JsonPropertyDescription("Enforce's first visit: what it will do from the next visit on (nothing was done yet).")
  private List<String> preview;

  @JsonPropertyDescription("Enforce: what the last visit could not do, and why.")
  private List<String> failures;

  public ComplianceMode getMode() {
    return mode;
  }

  public void setMode(ComplianceMode mode) {
    this.mode = mode;
  }

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public Map<String, Integer> getCounts() {
    return counts;
  }

  public void setCounts(Map<String, Integer> counts) {
    this.counts = counts;
  }

  public List<Finding> getFindings() {
    return findings;
  }

  public void setFindings(List<Finding> findings) {
    this.findings = findings;
  }

  public List<String> getPreview() {
    return preview;
  }

  public void setPreview(List<String> preview) {
    this.preview = preview;
  }

  public List<String> getFailures() {
    return failures;
  }

  public void setFailures(List<String> failures) {
    this.failures = failures;
  }

  public Boolean getTruncated() {
    return truncated;
  }

  public void setTruncated(Boolean truncated) {
    this.truncated = truncated;
  }
}
