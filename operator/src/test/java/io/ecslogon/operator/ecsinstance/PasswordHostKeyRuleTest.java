package io.ecslogon.operator.ecsinstance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class PasswordHostKeyRuleTest {
  private static final String FINGERPRINT = "SHA256:" + "A".repeat(43);

  @Test
  void aPinnedHostKeyMayReceivePasswords() {
    assertThat(PasswordHostKeyRule.refusal(instance(FINGERPRINT, null))).isEmpty();
  }

  @Test
  void anExplicitOptInMayReceivePasswords() {
    assertThat(PasswordHostKeyRule.refusal(instance(null, true))).isEmpty();
  }

  @Test
  void trustOnFirstUseAloneMayNot() {
    assertThat(PasswordHostKeyRule.refusal(instance(null, null))).hasValueSatisfying(message -> assertThat(message)
        .contains("web", "only trusted on first use", "spec.hostKeyFingerprint", "spec.allowPasswordOnTrustOnFirstUse"));
    assertThat(PasswordHostKeyRule.refusal(instance("  ", false))).isPresent();
  }

  private static EcsInstance instance(String pinned, Boolean allow) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("default").build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setHostKeyFingerprint(pinned);
    spec.setAllowPasswordOnTrustOnFirstUse(allow);
    instance.setSpec(spec);
    return instance;
  }
}
