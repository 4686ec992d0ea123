package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.AllowedDestinations;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SSH allow-list also bounds zero-touch onboarding: the cloud does not open a way in to an
 * instance the operator may not connect to.
 */
class ZeroTouchAllowListIT {
  private static final String ACCESS_KEY_ID = "LTAI5tAllowListKeyId";
  private static final String ACCESS_KEY_SECRET = "allowlist-secret-13579bdf02468ace";

  private static final EcsEmulator ecs = EcsEmulator.start(ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("outside").build();

  /** Only port 22 is allowed; the sandbox listens elsewhere. */
  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2),
      config -> config.withAllowedDestinations(AllowedDestinations.parse("127.0.0.1/32", "22"))
          .withAlibabaCloud(config.alibabaCloud().withEndpoint(ecs.endpoint(), "HTTP")));

  @AfterAll
  static void stopEmulator() {
    ecs.close();
  }

  @Test
  void anInstanceOutsideTheAllowListGetsNoKeyThroughTheCloud() {
    KubernetesClient client = controlPlane.client();
    Sandbox outside = sandboxes.get("outside");
    ecs.addInstance(EmulatedInstance.linux("cn-hangzhou", "i-outside0000001", outside.address()).backedBy(outside));
    client.resource(KubeObjects.cloudCredentialsSecret("default", "ecs-credentials", ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .create();

    EcsInstance instance = client.resource(Serialization.unmarshal("""
        apiVersion: ecslogon.io/v1alpha1
        kind: EcsInstance
        metadata: {name: outside, namespace: default}
        spec:
          port: %d
          alibabaCloud: {regionId: cn-hangzhou, instanceId: i-outside0000001, credentialsSecretRef: {name: ecs-credentials}}
        """.formatted(outside.port()), EcsInstance.class)).create();

    EcsInstance refused = awaitCondition(client, instance, "Ready", "False", "AddressNotAllowed");
    assertThat(messageOf(refused, "Ready")).contains(Integer.toString(outside.port()));
    assertThat(ecs.calls("RunCommand")).isEmpty();
    assertThat(client.secrets().inNamespace("default").withName("outside-operator-admin").get())
        .as("no key made either").isNull();
  }
}
