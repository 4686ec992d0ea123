package io.ecslogon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control plane behaves like a cluster: with kube-controller-manager running beside the API
 * server, `kubectl delete namespace` finishes even when the namespace holds the operator's objects
 * (a LogonUser with its finalizer, a KeyPair and the Secret it owns, an EcsInstance), because the
 * operator lets go of its finalizers and the garbage collector removes what it owned.
 */
class NamespaceDeletionIT {
  private static final String NS = "team-gone";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(3));

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @Test
  void aNamespaceWithTheOperatorsObjectsFinishesDeleting() {
    kube.client().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    kube.registerInstance("web", sandboxes.get("web"), "");
    kube.apply("kind: KeyPair\nmetadata: {name: team-key}\nspec: {type: ed25519}\n");
    kube.apply("kind: LogonUser\nmetadata: {name: team}\nspec:\n  instanceRef: {name: web}\n  username: team\n"
        + "  keyPairRefs: [{name: team-key}]\n");
    kube.await(EcsInstance.class, "web", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    kube.await(LogonUser.class, "team", Duration.ofSeconds(90),
        u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));
    assertThat(kube.get(LogonUser.class, "team").getMetadata().getFinalizers()).isNotEmpty();
    assertThat(kube.client().secrets().inNamespace(NS).withName("team-key-ssh-key").get()).isNotNull();

    kube.client().namespaces().withName(NS).delete();

    Awaitility.await("namespace " + NS + " deleted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .until(() -> kube.client().namespaces().withName(NS).get() == null);
    assertThat(kube.client().resources(KeyPair.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(kube.client().secrets().inNamespace(NS).list().getItems()).isEmpty();
  }
}
