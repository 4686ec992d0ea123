package io.ecslogon.operator.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EcsRegistrationStepTest {
  private static final String CURRENT = "4d:9f:1a:00:11:22:33:44:55:66:77:88:99:aa:bb:cc";
  private static final String OTHER = "01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10";

  @Test
  void aNameEcsDoesNotHaveIsImported() {
    assertThat(EcsRegistrationStep.decide(Optional.empty(), CURRENT, Optional.empty()))
        .isEqualTo(EcsRegistrationStep.IMPORT);
    assertThat(EcsRegistrationStep.decide(Optional.empty(), CURRENT, Optional.of(CURRENT)))
        .isEqualTo(EcsRegistrationStep.IMPORT);
  }

  @Test
  void theKeyThisKeyPairRegisteredIsUpToDateOrReplacedAfterARotation() {
    assertThat(EcsRegistrationStep.decide(Optional.of("MD5:" + CURRENT.toUpperCase()), CURRENT, Optional.of(CURRENT)))
        .isEqualTo(EcsRegistrationStep.UP_TO_DATE);
    assertThat(EcsRegistrationStep.decide(Optional.of(OTHER), CURRENT, Optional.of(OTHER)))
        .as("the KeyPair rotated away from the key it registered").isEqualTo(EcsRegistrationStep.REPLACE);
  }

  @Test
  void aKeyPairThisKeyPairDidNotRegisterIsNeverAdoptedReplacedOrDeleted() {
    assertThat(EcsRegistrationStep.decide(Optional.of(OTHER), CURRENT, Optional.empty()))
        .isEqualTo(EcsRegistrationStep.NAME_TAKEN);
    assertThat(EcsRegistrationStep.decide(Optional.of(CURRENT), CURRENT, Optional.empty()))
        .as("the same public key, registered by someone else: public keys are public").isEqualTo(
            EcsRegistrationStep.NAME_TAKEN);
    assertThat(EcsRegistrationStep.decide(Optional.of(OTHER), CURRENT, Optional.of(CURRENT)))
        .as("someone re-registered the name since").isEqualTo(EcsRegistrationStep.NAME_TAKEN);
  }

  @Test
  void namesEcsWouldRefuseAreCaughtBeforeAnyCall() {
    assertThat(EcsKeyPairName.problem("default-web")).isEmpty();
    assertThat(EcsKeyPairName.problem("ops.web:2_a")).isEmpty();
    assertThat(EcsKeyPairName.problem("1team-web")).isPresent();
    assertThat(EcsKeyPairName.problem("https://x")).isPresent();
    assertThat(EcsKeyPairName.problem("a".repeat(129))).isPresent();
    assertThat(EcsKeyPairName.problem("a")).isPresent();
  }
}
