package io.ecslogon.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretUsageTest {
  @Test
  void onlyTheMatchingLabelValueOptsASecretIn() {
    assertThat(SecretUsage.ADMIN_CREDENTIALS.allows(labelled("admin-credentials"))).isTrue();
    assertThat(SecretUsage.PASSWORD.allows(labelled("admin-credentials"))).isFalse();
    assertThat(SecretUsage.PASSPHRASE.allows(new SecretBuilder().withNewMetadata().withName("s").endMetadata().build()))
        .isFalse();
  }

  @Test
  void theRefusalSaysWhichLabelToAddAndNeverQuotesData() {
    assertThat(new SecretNotOptedInException("ns", "s", SecretUsage.PASSWORD, null).getMessage())
        .isEqualTo("Secret ns/s has no label ecslogon.io/usage=password; add that label to let the operator use it");
    assertThat(new SecretNotOptedInException("ns", "s", SecretUsage.PASSWORD, "passphrase").getMessage())
        .isEqualTo("Secret ns/s is labelled ecslogon.io/usage=passphrase, not ecslogon.io/usage=password; add that"
            + " label to let the operator use it");
  }

  @Test
  void whatTheOperatorWritesIsLabelledAndTheOperatorsLabelsWin() {
    assertThat(OwnedSecretMetadata.labels(SecretUsage.PASSWORD, Map.of("ecslogon.io/usage", "admin-credentials", "a", "b")))
        .containsEntry("ecslogon.io/usage", "password")
        .containsEntry("app.kubernetes.io/managed-by", "ecs-logon-operator")
        .containsEntry("a", "b");
  }

  private static Secret labelled(String usage) {
    return new SecretBuilder().withNewMetadata().withName("s").addToLabels(SecretUsage.LABEL, usage).endMetadata().build();
  }
}
