package io.ecslogon.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.EcsLogonOperator;
import io.ecslogon.operator.OperatorConfig;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.TestKube;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two operators in one JVM, one Lease: one reconciles, the other takes over when it stops. */
class LeaderElectionIT {
  private static final String NS = "default";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @Test
  void theStandbyTakesOverWhenTheLeaderStops() {
    EcsLogonOperator first = start("replica-a");
    awaitHolder("replica-a");
    EcsLogonOperator second = start("replica-b");
    try {
      kube.apply("kind: KeyPair\nmetadata: {name: before}\nspec: {type: ed25519}");
      kube.await(KeyPair.class, "before", k -> k.getStatus() != null && k.getStatus().getFingerprint() != null);
      assertThat(holder()).as("the standby never took the lease while the leader renewed it").isEqualTo("replica-a");

      first.stop();
      kube.apply("kind: KeyPair\nmetadata: {name: after}\nspec: {type: ed25519}");

      awaitHolder("replica-b");
      KeyPair after = kube.await(KeyPair.class, "after", Duration.ofSeconds(60),
          k -> k.getStatus() != null && k.getStatus().getFingerprint() != null);
      assertThat(after.getStatus().getSecretName()).isEqualTo("after-ssh-key");
    } finally {
      second.stop();
    }
  }

  private static EcsLogonOperator start(String identity) {
    OperatorConfig config = OperatorConfig.defaults().withMetricsPort(-1).withLeaderElection(
        new OperatorConfig.LeaderElection(true, NS, identity, Duration.ofSeconds(4), Duration.ofSeconds(3),
            Duration.ofMillis(500), false));
    EcsLogonOperator operator = EcsLogonOperator.create(controlPlane.client(), config, Clock.systemUTC());
    operator.start();
    return operator;
  }

  private static void awaitHolder(String identity) {
    Awaitility.await("lease held by " + identity).atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(LeaderElectionIT::holder, identity::equals);
  }

  private static String holder() {
    Lease lease = controlPlane.client().leases().inNamespace(NS).withName(OperatorConfig.LeaderElection.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}
