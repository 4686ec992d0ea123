package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;

/**
 * Events for sshd changes: every change on the instance (applied, or rolled back) is announced;
 * a refusal or a rejected candidate only when it is news, not again on every resync.
 */
final class SshdEvents {
  private final EventRecorder events;

  SshdEvents(EventRecorder events) {
    this.events = events;
  }

  void announce(EcsInstance instance, SshdConfigurator.Verdict verdict) {
    if (verdict.changedInstance()) {
      if (Conditions.TRUE.equals(verdict.status()) || Reason.SSHD_OVERRIDDEN.equals(verdict.reason())) {
        events.normal(instance, "SshdChanged", verdict.message());
      } else {
        events.warning(instance, verdict.reason(), verdict.message());
      }
      return;
    }
    boolean news = instance.getStatus() == null || Conditions.news(instance.getStatus().getConditions(),
        ConditionType.SSHD_CONFIGURED, verdict.reason(), verdict.message());
    if (news && Conditions.FALSE.equals(verdict.status())) {
      events.warning(instance, verdict.reason(), verdict.message());
    }
  }
}
