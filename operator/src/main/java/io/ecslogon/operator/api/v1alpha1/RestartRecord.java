package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A restart of the instance made by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestartRecord {
  @JsonPropertyDescription("When the restart was requested (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription("When the instance was seen back with a new boot ID (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("Why the restart was needed.")
  private String reason;

  @JsonPropertyDescription("The object that asked for it, as kind/name.")
  private String requestedBy;

  @JsonPropertyDescription("UID of the object that asked: a request is carried out at most once.")
  private String requestId;

  @JsonPropertyDescription("Boot ID before the restart; the restart is confirmed when the boot ID differs.")
  private String previousBootId;

  @JsonPropertyDescription("Boot ID the instance came back with.")
  private String bootId;

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  public String getPreviousBootId() {
    return previousBootId;
  }

  public void setPreviousBootId(String previousBootId) {
    this.previousBootId = previousBootId;
  }

  public String getBootId() {
    return bootId;
  }

  public void setBootId(String bootId) {
    this.bootId = bootId;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }
}
