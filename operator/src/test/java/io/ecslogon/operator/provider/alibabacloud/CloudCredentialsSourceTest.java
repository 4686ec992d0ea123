package io.ecslogon.operator.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's own cloud identity is used only where its installer allowed it: otherwise anyone
 * who may create an EcsInstance could act, as the operator, on every instance its role reaches.
 */
class CloudCredentialsSourceTest {
  @Test
  void withoutANamedSecretTheOperatorsIdentityIsRefusedUnlessTheNamespaceIsAllowed() {
    CloudCredentialsSource nowhere = new CloudCredentialsSource(null, AlibabaCloudSettings.defaults());
    assertThatThrownBy(() -> nowhere.credentials("team-a", null))
        .isInstanceOfSatisfying(CloudCredentialsSource.Unusable.class, e -> {
          assertThat(e.reason()).isEqualTo(CloudCredentialsSource.REQUIRED);
          assertThat(e.getMessage()).contains("team-a", AlibabaCloudSettings.OPERATOR_IDENTITY_NAMESPACES);
        });

    CloudCredentialsSource teamA = new CloudCredentialsSource(null, AlibabaCloudSettings.fromEnvironment(
        Map.of(AlibabaCloudSettings.OPERATOR_IDENTITY_NAMESPACES, " team-a, platform ")));
    assertThat(teamA.credentials("team-a", null)).isInstanceOf(CloudCredentials.DefaultChain.class);
    assertThatThrownBy(() -> teamA.credentials("team-b", null)).isInstanceOf(CloudCredentialsSource.Unusable.class);

    CloudCredentialsSource everywhere = new CloudCredentialsSource(null, AlibabaCloudSettings.fromEnvironment(
        Map.of(AlibabaCloudSettings.OPERATOR_IDENTITY_NAMESPACES, "*")));
    assertThat(everywhere.credentials("any", null)).isInstanceOf(CloudCredentials.DefaultChain.class);
  }
}
