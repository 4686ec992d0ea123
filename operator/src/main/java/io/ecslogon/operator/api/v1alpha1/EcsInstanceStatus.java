package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsInstanceStatus implements HasConditions {
  @JsonPropertyDescription("Fingerprint (SHA256) of the host key the operator trusts for this instance:"
      + " the pinned one, or the one seen on first connection.")
  private String hostKeyFingerprint;

  @JsonPropertyDescription("What the ECS OpenAPI last said about the instance (only with spec.alibabaCloud).")
  private AlibabaCloudInstanceStatus alibabaCloud;

  @JsonPropertyDescription("What the operator last read from the instance.")
  private InstanceFacts facts;

  @JsonPropertyDescription("What the last compliance audit found (only with spec.compliance).")
  private ComplianceStatus compliance;

  @JsonPropertyDescription("The last restart of the instance made by the operator.")
  private RestartRecord lastRestart;

  @JsonPropertyDescription("The LogonUsers that apply to this instance and what each came to at the last visit.")
  private List<InstanceUserResult> users;

  @JsonPropertyDescription("Reachable, HostKeyTrusted, SshdConfigured, Compliant and Ready, with reasons; RestartRequired;"
      + " ImageReady with spec.compliance; KeyPairAttached with spec.alibabaCloud.keyPairRef.")
  private List<Condition> conditions = new ArrayList<>();

  public String getHostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  public void setHostKeyFingerprint(String hostKeyFingerprint) {
    this.hostKeyFingerprint = hostKeyFingerprint;
  }

  public AlibabaCloudInstanceStatus getAlibabaCloud() {
    return alibabaCloud;
  }

  public void setAlibabaCloud(AlibabaCloudInstanceStatus alibabaCloud) {
    this.alibabaCloud = alibabaCloud;
  }

  public InstanceFacts getFacts() {
    return facts;
  }

  public void setFacts(InstanceFacts facts) {
    this.facts = facts;
  }

  public ComplianceStatus getCompliance() {
    return compliance;
  }

  public void setCompliance(ComplianceStatus compliance) {
    this.compliance = compliance;
  }

  public RestartRecord getLastRestart() {
    return lastRestart;
  }

  public void setLastRestart(RestartRecord lastRestart) {
    this.lastRestart = lastRestart;
  }

  public List<InstanceUserResult> getUsers() {
    return users;
  }

  public void setUsers(List<InstanceUserResult> users) {
    this.users = users;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
