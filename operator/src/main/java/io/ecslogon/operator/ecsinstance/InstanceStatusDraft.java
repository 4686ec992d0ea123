package io.ecslogon.operator.ecsinstance;

import static io.ecslogon.operator.status.Conditions.FALSE;
import static io.ecslogon.operator.status.Conditions.TRUE;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.compliance.ComplianceReport;
import io.ecslogon.operator.host.linux.HostFacts;
import io.ecslogon.operator.provider.alibabacloud.CloudInstance;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * The status an EcsInstance reconcile is about to write, started from the current one so that
 * whatever this reconcile did not learn (facts from the last good visit, the recorded host key)
 * is kept.
 */
final class InstanceStatusDraft {
  private final EcsInstance instance;
  private final Conditions conditions;
  private final EcsInstanceStatus status;

  InstanceStatusDraft(EcsInstance instance, Conditions conditions) {
    this.instance = instance;
    this.conditions = conditions;
    this.status = instance.getStatus() == null
        ? new EcsInstanceStatus()
        : Serialization.clone(instance.getStatus());
  }

  void loggedOn(String hostKeyFingerprint, boolean pinned, HostFacts facts) {
    status.setHostKeyFingerprint(hostKeyFingerprint);
    status.setFacts(FactsMapper.toStatus(facts));
    set(ConditionType.REACHABLE, TRUE, Reason.CONNECTED, "SSH connection to " + endpoint() + " established");
    boolean vouched = !pinned && status.getAlibabaCloud() != null
        && hostKeyFingerprint.equals(status.getAlibabaCloud().getHostKeyFingerprint());
    if (vouched) {
      set(ConditionType.HOST_KEY_TRUSTED, TRUE, Reason.VOUCHED_BY_CLOUD, "host key " + hostKeyFingerprint
          + " is the one Cloud Assistant read on the instance");
    } else {
      set(ConditionType.HOST_KEY_TRUSTED, TRUE, pinned ? Reason.PINNED : Reason.TRUSTED_ON_FIRST_USE,
          pinned ? "host key matches spec.hostKeyFingerprint " + hostKeyFingerprint
              : "host key " + hostKeyFingerprint + " trusted on first use; pin it in spec.hostKeyFingerprint to make this explicit");
    }
    set(ConditionType.READY, TRUE, Reason.READY, "logged on as " + instance.getSpec().getAdminUser() + " to "
        + facts.osRelease().prettyName());
  }

  /** No route to SSH, visited through Cloud Assistant: the facts are new, the host key is what it was. */
  void visitedThroughCloudAssistant(HostFacts facts) {
    status.setFacts(FactsMapper.toStatus(facts));
    if (status.getAlibabaCloud() != null && status.getAlibabaCloud().getHostKeyFingerprint() != null) {
      String vouched = status.getAlibabaCloud().getHostKeyFingerprint();
      status.setHostKeyFingerprint(vouched);
      set(ConditionType.HOST_KEY_TRUSTED, TRUE, Reason.VOUCHED_BY_CLOUD, "host key " + vouched
          + " is the one Cloud Assistant read on the instance");
    }
    String message = "SSH to " + endpoint() + " has no route; visited as root through Cloud Assistant";
    set(ConditionType.REACHABLE, TRUE, Reason.CLOUD_ASSISTANT, message);
    set(ConditionType.READY, TRUE, Reason.CLOUD_ASSISTANT, message + ": " + facts.osRelease().prettyName());
  }

  void restart(InstanceRestarts.Decision decision) {
    status.setLastRestart(decision.lastRestart());
    set(ConditionType.RESTART_REQUIRED, decision.required(), decision.reason(), decision.message());
    if (decision.restarting()) {
      set(ConditionType.READY, FALSE, Reason.RESTARTING, decision.message());
    }
  }

  /** Not reachable because the operator restarted it: expected, and work on it waits. */
  void restarting(String message) {
    set(ConditionType.READY, FALSE, Reason.RESTARTING, message);
    set(ConditionType.RESTART_REQUIRED, TRUE, Reason.RESTARTING, message);
  }

  /** What each LogonUser that applies came to on this visit. */
  void users(List<InstanceUserResult> results) {
    status.setUsers(results.isEmpty() ? null : results);
  }

  void compliance(ComplianceReport report) {
    status.setCompliance(report.status());
    set(ConditionType.COMPLIANT, report.conditionStatus(), report.reason(), report.message());
    set(ConditionType.IMAGE_READY, report.imageReadiness().ready() ? TRUE : FALSE,
        report.imageReadiness().ready() ? Reason.IMAGE_READY : Reason.CREDENTIALS_LEFT, report.imageReadiness().message());
  }

  /** No spec.compliance: nothing audited, so nothing to say about it. */
  void notAudited() {
    status.setCompliance(null);
    if (status.getConditions() != null) {
      status.setConditions(status.getConditions().stream()
          .filter(condition -> !ConditionType.COMPLIANT.equals(condition.getType())
              && !ConditionType.IMAGE_READY.equals(condition.getType())).toList());
    }
  }

  void sshd(SshdConfigurator.Verdict verdict) {
    set(ConditionType.SSHD_CONFIGURED, verdict.status(), verdict.reason(), verdict.message());
  }

  void hostKeyRefused(String expected, String presented) {
    set(ConditionType.REACHABLE, TRUE, Reason.CONNECTED, "SSH server at " + endpoint() + " answered");
    String message = "host presented " + presented + " but " + expected + " is trusted; nothing was authenticated."
        + " If the instance was legitimately re-keyed, set spec.hostKeyFingerprint to the new fingerprint";
    set(ConditionType.HOST_KEY_TRUSTED, FALSE, Reason.HOST_KEY_MISMATCH, message);
    set(ConditionType.READY, FALSE, Reason.HOST_KEY_MISMATCH, message);
  }

  /** sshd answered but offers nothing the operator's SSH client accepts in one family. */
  void algorithmsRefused(String message) {
    set(ConditionType.REACHABLE, TRUE, Reason.CONNECTED, "SSH server at " + endpoint() + " answered");
    set(ConditionType.READY, FALSE, Reason.ALGORITHMS_REFUSED, message);
  }

  void unreachable(String message) {
    set(ConditionType.REACHABLE, FALSE, Reason.UNREACHABLE, message);
    set(ConditionType.READY, FALSE, Reason.UNREACHABLE, message);
  }

  /** Outside the operator's allow-list: never contacted, so Reachable says so instead of guessing. */
  void addressNotAllowed(String message) {
    set(ConditionType.REACHABLE, FALSE, Reason.ADDRESS_NOT_ALLOWED, message);
    set(ConditionType.READY, FALSE, Reason.ADDRESS_NOT_ALLOWED, message);
  }

  void authenticationFailed(String hostKeyFingerprint, boolean pinned, String message) {
    set(ConditionType.REACHABLE, TRUE, Reason.CONNECTED, "SSH server at " + endpoint() + " answered");
    if (hostKeyFingerprint != null) {
      status.setHostKeyFingerprint(hostKeyFingerprint);
      boolean vouched = !pinned && status.getAlibabaCloud() != null
          && hostKeyFingerprint.equals(status.getAlibabaCloud().getHostKeyFingerprint());
      set(ConditionType.HOST_KEY_TRUSTED, TRUE, pinned ? Reason.PINNED
          : vouched ? Reason.VOUCHED_BY_CLOUD : Reason.TRUSTED_ON_FIRST_USE, "host key " + hostKeyFingerprint + " trusted");
    }
    set(ConditionType.READY, FALSE, Reason.AUTHENTICATION_FAILED, message);
  }

  /** What ECS said about the instance, and the address picked from it. */
  void cloud(CloudLookup.Found found) {
    cloud(found.instance(), found.address());
  }

  /** ECS says the instance is not running (or cannot say): no SSH, so only the cloud's word and Ready change. */
  void notVisitable(CloudLookup.NotVisitable why) {
    why.seen().ifPresent(seen -> cloud(seen, status.getAlibabaCloud() == null ? null : status.getAlibabaCloud().getAddress()));
    set(ConditionType.READY, FALSE, why.reason(), why.getMessage());
  }

  /**
   * status.alibabaCloud as this visit will write it, for what the operator records about its own
   * key ({@link OwnAdminKey}): changed there in step with the API server. Only after {@link #cloud}.
   */
  AlibabaCloudInstanceStatus ownKeyRecord() {
    return status.getAlibabaCloud();
  }

  /** The operator's own key installed through Cloud Assistant, and the host key the cloud vouched for. */
  void onboarded(CloudOnboarding.Onboarded onboarded) {
    status.getAlibabaCloud().setHostKeyFingerprint(onboarded.hostKeyFingerprint());
    status.getAlibabaCloud().setOperatorKeyInstalledFor(CloudOnboarding.installedFor(instance));
  }

  /**
   * What spec.alibabaCloud.keyPairRef came to on this visit: the attachment record and the
   * KeyPairAttached condition, which goes when there is no keyPairRef.
   */
  void keyPairAttachment(KeyPairAttachments.Outcome outcome) {
    if (status.getAlibabaCloud() != null) {
      status.getAlibabaCloud().setKeyPairAttachment(outcome.attachment());
    }
    if (outcome.status() != null) {
      set(ConditionType.KEY_PAIR_ATTACHED, outcome.status(), outcome.reason(), outcome.message());
    } else if (status.getConditions() != null) {
      status.setConditions(status.getConditions().stream()
          .filter(condition -> !ConditionType.KEY_PAIR_ATTACHED.equals(condition.getType())).toList());
    }
  }

  /** The cloud's word about the instance; what onboarding and an attach recorded is kept. */
  private void cloud(CloudInstance seen, String address) {
    AlibabaCloudInstanceStatus before = status.getAlibabaCloud();
    AlibabaCloudInstanceStatus cloud = new AlibabaCloudInstanceStatus();
    if (before != null) {
      cloud.setOperatorKeyInstalledFor(before.getOperatorKeyInstalledFor());
      cloud.setHostKeyFingerprint(before.getHostKeyFingerprint());
      cloud.setOperatorKeyFingerprint(before.getOperatorKeyFingerprint());
      cloud.setOperatorKeySecretUid(before.getOperatorKeySecretUid());
      cloud.setOperatorKeyCreatedAt(before.getOperatorKeyCreatedAt());
      cloud.setOperatorKeyNextFingerprint(before.getOperatorKeyNextFingerprint());
      cloud.setOperatorKeyRetiringPublicKey(before.getOperatorKeyRetiringPublicKey());
      cloud.setKeyPairAttachment(before.getKeyPairAttachment());
    }
    cloud.setKeyPairName(seen.keyPairName());
    cloud.setInstanceStatus(seen.status());
    cloud.setOsType(seen.osType());
    cloud.setAddress(address);
    cloud.setPrivateIpAddress(seen.privateIp());
    cloud.setPublicIpAddress(seen.publicIp());
    cloud.setEipAddress(seen.eip());
    status.setAlibabaCloud(cloud);
  }

  /** Failures found before contacting the instance: only Ready changes. */
  void notReady(String reason, String message) {
    set(ConditionType.READY, FALSE, reason, message);
  }

  EcsInstanceStatus status() {
    return status;
  }

  private void set(String type, String conditionStatus, String reason, String message) {
    status.setConditions(conditions.set(status.getConditions(), instance, type, conditionStatus, reason, message));
  }

  /** Where this visit went: the address ECS gave on this visit, not the one the last status holds. */
  private String endpoint() {
    return SshTargetResolver.addressOf(instance, status.getAlibabaCloud()) + ":" + instance.getSpec().getPort();
  }
}
