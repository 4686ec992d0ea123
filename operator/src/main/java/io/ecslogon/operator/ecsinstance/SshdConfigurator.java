package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.SshdPolicy;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.host.linux.SshdSettings;
import io.ecslogon.operator.host.sshd.SshdConfigChange;
import io.ecslogon.operator.host.sshd.SshdDirectives;
import io.ecslogon.operator.host.sshd.SshdFiles;
import io.ecslogon.operator.host.sshd.SshdOverrides;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings an instance's sshd to its EcsInstance's spec.sshd (through {@link SshdConfigChange}, so
 * never without sshd -t, a fresh login and a rollback) and judges the result against what
 * {@code sshd -T} then says. A change that had to be rolled back is not tried again for the same
 * generation: retrying would reload sshd on every visit for a result already known.
 */
final class SshdConfigurator {
  private final FreshLogin freshLogin;

  SshdConfigurator(FreshLogin freshLogin) {
    this.freshLogin = freshLogin;
  }

  /** The outcome as the SshdConfigured condition, plus sshd's effective settings afterwards. */
  record Verdict(String status, String reason, String message, boolean changedInstance, SshdSettings effective) {}

  /**
   * Through Cloud Assistant (no SSH route), sshd is left as it is: the fresh login that proves a
   * change left a way in needs SSH. Applied at the first visit over SSH.
   */
  static Verdict notOverCloudAssistant(EcsInstance instance, SshdSettings effective) {
    if (instance.getSpec().getSshd() == null) {
      return new Verdict(Conditions.TRUE, Reason.SSHD_NOT_MANAGED, "spec.sshd is empty: sshd settings are left as"
          + " they are", false, effective);
    }
    return new Verdict(Conditions.FALSE, Reason.SSHD_NEEDS_SSH, "spec.sshd is not applied through Cloud Assistant:"
        + " without an SSH login after the change nothing proves it left a way in; it is applied once SSH reaches"
        + " the instance", false, effective);
  }

  /** @param policy spec.sshd, or what Enforce makes of it (password logins off) */
  Verdict configure(EcsInstance instance, SshdPolicy policy, RemoteShell shell, SshTarget target,
      SshdSettings effective, Optional<SshdFiles> files) {
    if (policy == null) {
      return new Verdict(Conditions.TRUE, Reason.SSHD_NOT_MANAGED, "spec.sshd is empty: sshd settings are left as"
          + " the instance has them", false, effective);
    }
    if (rolledBackForThisGeneration(instance)) {
      var previous = Conditions.find(instance.getStatus().getConditions(), ConditionType.SSHD_CONFIGURED).orElseThrow();
      return new Verdict(Conditions.FALSE, Reason.SSHD_ROLLED_BACK, previous.getMessage(), false, effective);
    }
    SshdDirectives declared;
    try {
      declared = declared(policy);
    } catch (IllegalArgumentException e) {
      return new Verdict(Conditions.FALSE, Reason.INVALID_SPEC, "spec.sshd: " + e.getMessage(), false, effective);
    }
    SshdConfigChange.Result result = new SshdConfigChange(shell).converge(declared, AdminAccess.of(target),
        () -> freshLogin.problem(target), files);
    return switch (result.outcome()) {
      case REFUSED -> new Verdict(Conditions.FALSE, Reason.SSHD_WOULD_LOCK_OUT, result.message(), false, effective);
      case REJECTED -> new Verdict(Conditions.FALSE, Reason.SSHD_CONFIG_REJECTED, result.message(), false, effective);
      case MALFORMED -> new Verdict(Conditions.FALSE, Reason.SSHD_BLOCK_MALFORMED, result.message(), false, effective);
      case ROLLED_BACK -> new Verdict(Conditions.FALSE, Reason.SSHD_ROLLED_BACK, result.message()
          + ". Not retried for this generation: fix the cause, then change spec.sshd", true,
          HostFactsReader.readSshd(shell));
      case UNCHANGED -> judged(shell, declared, effective, result.message(), false);
      case APPLIED -> judged(shell, declared, HostFactsReader.readSshd(shell), result.message(), true);
    };
  }

  static SshdDirectives declared(SshdPolicy policy) {
    Map<String, String> values = new LinkedHashMap<>();
    if (policy.getPasswordAuthentication() != null) {
      values.put(SshdDirectives.PASSWORD_AUTHENTICATION, yesNo(policy.getPasswordAuthentication()));
    }
    if (policy.getPubkeyAuthentication() != null) {
      values.put(SshdDirectives.PUBKEY_AUTHENTICATION, yesNo(policy.getPubkeyAuthentication()));
    }
    if (policy.getPermitRootLogin() != null) {
      values.put(SshdDirectives.PERMIT_ROOT_LOGIN, policy.getPermitRootLogin().sshdValue());
    }
    return new SshdDirectives(values);
  }

  private static Verdict judged(RemoteShell shell, SshdDirectives declared, SshdSettings effective, String done,
      boolean changed) {
    if (!effective.readable()) {
      return new Verdict(Conditions.FALSE, Reason.SSHD_CONFIG_REJECTED, effective.problem(), changed, effective);
    }
    List<String> overridden = SshdOverrides.find(shell, effective, declared);
    if (!overridden.isEmpty()) {
      return new Verdict(Conditions.FALSE, Reason.SSHD_OVERRIDDEN, "sshd -T does not show the declared values: "
          + String.join("; ", overridden), changed, effective);
    }
    return new Verdict(Conditions.TRUE, changed ? Reason.SSHD_APPLIED : Reason.SSHD_IN_SYNC,
        changed ? done : "sshd -T shows the declared " + declared.values(), changed, effective);
  }

  private static boolean rolledBackForThisGeneration(EcsInstance instance) {
    return instance.getStatus() != null
        && Conditions.find(instance.getStatus().getConditions(), ConditionType.SSHD_CONFIGURED)
            .filter(condition -> Reason.SSHD_ROLLED_BACK.equals(condition.getReason()))
            .filter(condition -> instance.getMetadata().getGeneration().equals(condition.getObservedGeneration()))
            .isPresent();
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
