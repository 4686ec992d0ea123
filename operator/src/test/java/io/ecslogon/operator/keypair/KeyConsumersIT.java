package io.ecslogon.operator.keypair;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.testing.AdjustableClock;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replaced key stays listed until every LogonUser that references the KeyPair has moved to the
 * current key, and the KeyPair hears about its consumers from the LogonUser informer: with a
 * resync far away, a consumer's status change alone lets the old key go.
 */
class KeyConsumersIT {
  private static final String NS = "default";
  private static final AdjustableClock CLOCK = new AdjustableClock();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(10), CLOCK);

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @Test
  void aConsumerThatHasMovedLetsTheReplacedKeyGoWithoutWaitingForAResync() {
    kube.apply("kind: KeyPair\nmetadata: {name: shared}\nspec: {type: ed25519}\n");
    KeyPair first = awaitCondition(kube, KeyPair.class, "shared", "Ready", "True", null);
    kube.client().secrets().inNamespace(NS).withName("shared-ssh-key").delete();
    KeyPair replaced = kube.await(KeyPair.class, "shared", kp -> kp.getStatus().getPreviousPublicKeys() != null
        && !first.getStatus().getPublicKey().equals(kp.getStatus().getPublicKey()));
    assertThat(replaced.getStatus().getPreviousPublicKeys()).extracting("publicKey")
        .containsExactly(first.getStatus().getPublicKey());

    // Past the minimum time a replaced key stays listed (1h without rotation); only a consumer can end it now.
    CLOCK.advance(Duration.ofHours(2));
    // A consumer targeting no instance has moved as soon as it reports its (empty) instance list.
    kube.apply("kind: LogonUser\nmetadata: {name: consumer}\nspec:\n  instanceRef: {name: ghost}\n"
        + "  username: consumer\n  keyPairRefs: [{name: shared}]\n");

    KeyPair pruned = kube.await(KeyPair.class, "shared", Duration.ofSeconds(30),
        kp -> kp.getStatus().getPreviousPublicKeys() == null);
    assertThat(pruned.getStatus().getPublicKey()).isEqualTo(replaced.getStatus().getPublicKey());
  }
}
