package io.ecslogon.operator.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.keypair.SecretKeyTrust.Verdict;
import org.junit.jupiter.api.Test;

class SecretKeyTrustTest {
  private static final String HELD = "SHA256:held";

  @Test
  void aKeyThisProcessWroteIsItsOwn() {
    assertThat(SecretKeyTrust.judge(HELD, HELD, null)).isEqualTo(Verdict.WRITTEN_BY_OPERATOR);
  }

  @Test
  void aKeySomeoneElseWroteIsRefusedUnlessAPersonAcceptedExactlyIt() {
    assertThat(SecretKeyTrust.judge(HELD, "SHA256:mine", null)).isEqualTo(Verdict.REFUSED);
    assertThat(SecretKeyTrust.judge(HELD, null, "SHA256:another")).isEqualTo(Verdict.REFUSED);
    assertThat(SecretKeyTrust.judge(HELD, null, " " + HELD + "\n")).isEqualTo(Verdict.ACCEPTED);
  }
}
