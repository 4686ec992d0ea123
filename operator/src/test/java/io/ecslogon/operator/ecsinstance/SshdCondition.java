package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.testing.TestKube;
import io.fabric8.kubernetes.api.model.Condition;

/** What the sshd tests read and await on an EcsInstance: its SshdConfigured condition. */
final class SshdCondition {
  private SshdCondition() {}

  static EcsInstance await(TestKube kube, String name, String status) {
    return kube.await(EcsInstance.class, name, i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "SshdConfigured", status, null));
  }

  static String reason(EcsInstance instance) {
    return TestKube.condition(instance.getStatus().getConditions(), "SshdConfigured").map(Condition::getReason).orElse("");
  }

  static String message(EcsInstance instance) {
    return TestKube.condition(instance.getStatus().getConditions(), "SshdConfigured").map(Condition::getMessage).orElse("");
  }
}
