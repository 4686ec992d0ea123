package io.ecslogon.operator.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.keypair.SecretKeyTrust.Verdict;
import org.junit.jupiter.api.Test;

class SecretKeyTrustTest {
  private static final String HELD = "SHA256:held";

  @Test
  void aKeyThisProcessWroteIsItsOwn() {
    assertThat(SecretKeyTrust.judge(HELD, HELD, null, null)).isEqualTo(Verdict.WRITTEN_BY_OPERATOR);
  }

  @Test
  void aKeyStatusAnnouncedIsItsOwnAfterARestart() {
    // The process that wrote the Secret died before status described the key: nothing remembered.
    assertThat(SecretKeyTrust.judge(HELD, null, HELD, null)).isEqualTo(Verdict.WRITTEN_BY_OPERATOR);
    assertThat(SecretKeyTrust.judge(HELD, null, "SHA256:announced", null)).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void aKeySomeoneElseWroteIsRefusedUnlessAPersonAcceptedExactlyIt() {
    assertThat(SecretKeyTrust.judge(HELD, "SHA256:mine", null, null)).isEqualTo(Verdict.REFUSED);
    assertThat(SecretKeyTrust.judge(HELD, null, null, "SHA256:another")).isEqualTo(Verdict.REFUSED);
    assertThat(SecretKeyTrust.judge(HELD, null, null, " " + HELD + "\n")).isEqualTo(Verdict.ACCEPTED);
  }
}
