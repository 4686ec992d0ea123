package io.ecslogon.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretClaimTest {
  @Test
  void aSecretCarryingTheTokenProvesTheRecordedDigest() {
    SecretClaim claim = SecretClaim.generate();

    assertThat(SecretClaim.proves(annotated(claim.annotation()), claim.digest())).isTrue();
    assertThat(claim.digest()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void theDigestCopiedFromStatusIntoASecretProvesNothing() {
    SecretClaim claim = SecretClaim.generate();

    assertThat(SecretClaim.proves(annotated(Map.of(SecretClaim.ANNOTATION, claim.digest())), claim.digest())).isFalse();
  }

  @Test
  void anotherClaimsTokenNoTokenOrNoRecordedDigestProveNothing() {
    SecretClaim recorded = SecretClaim.generate();
    SecretClaim other = SecretClaim.generate();

    assertThat(SecretClaim.proves(annotated(other.annotation()), recorded.digest())).isFalse();
    assertThat(SecretClaim.proves(annotated(Map.of()), recorded.digest())).isFalse();
    assertThat(SecretClaim.proves(new SecretBuilder().withNewMetadata().withName("s").endMetadata().build(),
        recorded.digest())).isFalse();
    assertThat(SecretClaim.proves(annotated(recorded.annotation()), null)).isFalse();
  }

  @Test
  void everyClaimIsNewAndItsTokenNeverPrinted() {
    SecretClaim one = SecretClaim.generate();
    SecretClaim two = SecretClaim.generate();

    assertThat(one.digest()).isNotEqualTo(two.digest());
    assertThat(one.toString()).doesNotContain(one.annotation().get(SecretClaim.ANNOTATION));
  }

  private static Secret annotated(Map<String, String> annotations) {
    return new SecretBuilder().withNewMetadata().withName("s").withAnnotations(annotations).endMetadata().build();
  }
}
