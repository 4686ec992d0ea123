package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A restart of the instance made by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestartRecord {
  @JsonPropertyDescription("When the restart was requested (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription("When the restart was seen done (RFC 3339): back with a new boot ID, or, where the operator cannot log on, as confirmedBy says.")
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

  @JsonPropertyDescription("When ECS accepted the RebootInstance call for this restart (RFC 3339); only for instances with spec.alibabaCloud.")
  private String cloudRebootAcceptedAt;

  @JsonPropertyDescription("When ECS was first seen reporting the instance not Running (Stopping, Starting) after it accepted RebootInstance (RFC 3339).")
  private String cloudSeenNotRunningAt;

  @JsonPropertyDescription("What proved the restart: BootId (a logon read a new boot ID) or EcsStatus (the operator cannot log on; ECS accepted RebootInstance, then reported the instance not Running, then Running again).")
  private String confirmedBy;

  public String getCloudRebootAcceptedAt() {
    return cloudRebootAcceptedAt;
  }

  public void setCloudRebootAcceptedAt(String cloudRebootAcceptedAt) {
    this.cloudRebootAcceptedAt = cloudRebootAcceptedAt;
  }

  public String getCloudSeenNotRunningAt() {
    return cloudSeenNotRunningAt;
  }

  public void setCloudSeenNotRunningAt(String cloudSeenNotRunningAt) {
    this.cloudSeenNotRunningAt = cloudSeenNotRunningAt;
  }

  public String getConfirmedBy() {
    return confirmedBy;
  }

  public void setConfirmedBy(String confirmedBy) {
    this.confirmedBy = confirmedBy;
  }

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
