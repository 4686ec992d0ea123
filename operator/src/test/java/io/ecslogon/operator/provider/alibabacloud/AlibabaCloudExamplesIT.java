package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.conditionOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.ExampleManifests;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/alibaba-cloud/ applied as hack/quickstart.sh applies it, against the ECS emulator with
 * web-3 and web-4 behind it (web-4's sshd stopped, as the quickstart stops it).
 */
class AlibabaCloudExamplesIT {
  private static final String ACCESS_KEY_ID = "LTAI5tExamplesKeyId";
  private static final String ACCESS_KEY_SECRET = "examples-secret-77aa88bb99cc00dd";

  private static final EcsEmulator ecs = EcsEmulator.start(ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web-3").root("web-4").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, Duration.ofSeconds(5), ecs);

  @AfterAll
  static void stopEmulator() {
    ecs.close();
  }

  @Test
  void web3IsOnboardedByTheOperatorAndWeb4IsConvergedThroughCloudAssistant() {
    KubernetesClient client = controlPlane.client();
    Sandbox web3 = sandboxes.get("web-3");
    Sandbox web4 = sandboxes.get("web-4");
    web4.sh("/etc/init.d/ssh stop").orThrow("stop sshd of web-4");
    ecs.addInstance(EmulatedInstance.linux("cn-hangzhou", "i-quickstartweb3", web3.address()).backedBy(web3));
    ecs.addInstance(EmulatedInstance.linux("cn-hangzhou", "i-quickstartweb4", web4.address()).backedBy(web4));
    client.resource(KubeObjects.cloudCredentialsSecret("default", "ecs-api", ACCESS_KEY_ID, ACCESS_KEY_SECRET)).create();

    new ExampleManifests(client, "default", Map.of("web-3", web3, "web-4", web4)).apply("examples/alibaba-cloud");

    EcsInstance three = awaitCondition(client, named(client, "web-3"), "Ready", "True", "Ready");
    assertThat(conditionOf(three, "HostKeyTrusted")).hasValueSatisfying(c -> assertThat(c.getReason())
        .isEqualTo("VouchedByCloud"));
    assertThat(three.getStatus().getAlibabaCloud().getAddress()).isEqualTo(web3.address());
    EcsInstance four = awaitCondition(client, named(client, "web-4"), "Ready", "True", "CloudAssistant");
    assertThat(four.getStatus().getFacts().getBootId()).isEqualTo(web4.bootId());
  }

  private static EcsInstance named(KubernetesClient client, String name) {
    return client.resources(EcsInstance.class).inNamespace("default").withName(name).get();
  }
}
