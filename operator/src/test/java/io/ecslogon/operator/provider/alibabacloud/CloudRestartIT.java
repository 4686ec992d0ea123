package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.api.v1alpha1.RestartPolicy;
import io.ecslogon.operator.api.v1alpha1.SecretReference;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EcsEmulatorExtension;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restarts of instances with spec.alibabaCloud go through ECS's RebootInstance (the emulator really
 * reboots the sandbox behind the instance), decided by the same restart component as SSH restarts,
 * and work when SSH does not.
 */
class CloudRestartIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tRestartKeyId";
  private static final String ACCESS_KEY_SECRET = "restart-secret-0a1b2c3d4e5f60718293";
  private static final Duration RESYNC = Duration.ofSeconds(2);
  private static final Duration RESTART_WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static EcsEmulatorExtension cloud = new EcsEmulatorExtension(controlPlane, ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  private static final EcsEmulator ecs = cloud.emulator();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("viaapi").root("sshdown").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, RESYNC, ecs);

  private static KubernetesClient client;

  @BeforeAll
  static void client() {
    client = controlPlane.client();
  }

  @Test
  void aRequestedRestartIsCarriedOutByEcsAndConfirmedByANewBootId() {
    Sandbox sandbox = sandboxes.get("viaapi");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-viaapi00000001", sandbox.address()).backedBy(sandbox));
    EcsInstance instance = apply("viaapi", sandbox, "i-viaapi00000001", RestartPolicy.IfRequired);
    EcsInstance ready = awaitCondition(client, instance, "Ready", "True", null);
    String bootBefore = ready.getStatus().getFacts().getBootId();
    long boots = Boots.count(sandbox);

    requestRestart("viaapi", "restart-1");
    EcsInstance restarted = awaitRestartCompleted("viaapi");

    assertThat(restarted.getStatus().getLastRestart().getPreviousBootId()).isEqualTo(bootBefore);
    assertThat(restarted.getStatus().getLastRestart().getBootId()).isNotEqualTo(bootBefore).isEqualTo(sandbox.bootId());
    assertThat(Boots.count(sandbox)).isEqualTo(boots + 1);
    assertThat(reboots("i-viaapi00000001")).as("asked ECS once, without ForceStop").hasSize(1)
        .allSatisfy(call -> assertThat(call.parameters()).containsEntry("ForceStop", "false"));
    assertThat(KubeObjects.eventsFor(client, restarted)).anySatisfy(event -> {
      assertThat(event.getReason()).isEqualTo("Restarting");
      assertThat(event.getMessage()).contains("ECS RebootInstance");
    }).anySatisfy(event -> assertThat(event.getReason()).isEqualTo("Restarted"));
    awaitCondition(client, instance, "Ready", "True", null);
  }

  @Test
  void aRestartIsCarriedOutThroughEcsWhenSshIsDownButOnlyUnderIfRequired() {
    Sandbox sandbox = sandboxes.get("sshdown");
    EmulatedInstance emulated = EmulatedInstance.linux(REGION, "i-sshdown0000001", sandbox.address()).backedBy(sandbox);
    // No Cloud Assistant either (with it, the visit would go through RunCommand): only ECS's API is left.
    emulated.setCloudAssistantAgentOn(false);
    ecs.addInstance(emulated);
    EcsInstance instance = apply("sshdown", sandbox, "i-sshdown0000001", RestartPolicy.Never);
    awaitCondition(client, instance, "Ready", "True", null);
    long boots = Boots.count(sandbox);

    sandbox.sh("/etc/init.d/ssh stop").orThrow("stop sshd");
    awaitCondition(client, instance, "Ready", "False", "Unreachable");
    requestRestart("sshdown", "restart-2");
    Awaitility.await().pollDelay(RESYNC.multipliedBy(4)).atMost(RESYNC.multipliedBy(5)).until(() -> true);
    assertThat(reboots("i-sshdown0000001")).as("restartPolicy Never: nothing asked").isEmpty();

    client.resources(EcsInstance.class).inNamespace(NS).withName("sshdown").edit(current -> {
      current.getSpec().setRestartPolicy(RestartPolicy.IfRequired);
      return current;
    });
    EcsInstance restarted = awaitRestartCompleted("sshdown");

    assertThat(reboots("i-sshdown0000001")).hasSize(1);
    assertThat(Boots.count(sandbox)).isEqualTo(boots + 1);
    assertThat(restarted.getStatus().getLastRestart().getBootId()).isEqualTo(sandbox.bootId());
    awaitCondition(client, instance, "Ready", "True", null);
  }

  private static List<RecordedCall> reboots(String instanceId) {
    return ecs.calls("RebootInstance").stream()
        .filter(call -> instanceId.equals(call.parameters().get("InstanceId"))).toList();
  }

  private static void requestRestart(String name, String id) {
    String request = "{\"id\":\"" + id + "\",\"requestedBy\":\"CloudRestartIT\",\"reason\":\"test\"}";
    client.resources(EcsInstance.class).inNamespace(NS).withName(name).patch(
        new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(),
        "{\"metadata\":{\"annotations\":{\"ecslogon.io/restart-request\":" + quoted(request) + "}}}");
  }

  private static String quoted(String json) {
    return "\"" + json.replace("\"", "\\\"") + "\"";
  }

  private static EcsInstance awaitRestartCompleted(String name) {
    return Awaitility.await().atMost(RESTART_WAIT).pollInterval(Duration.ofMillis(500))
        .until(() -> client.resources(EcsInstance.class).inNamespace(NS).withName(name).get(),
            current -> current.getStatus() != null && current.getStatus().getLastRestart() != null
                && current.getStatus().getLastRestart().getCompletedAt() != null);
  }

  private static EcsInstance apply(String name, Sandbox sandbox, String instanceId, RestartPolicy policy) {
    client.resource(KubeObjects.sshAuthSecret(NS, name + "-admin", sandbox.adminPrivateKey())).serverSideApply();
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setPort(sandbox.port());
    spec.setAdminUser(sandbox.adminUser());
    spec.setAdminCredentialsSecretRef(new SecretReference(name + "-admin"));
    spec.setRestartPolicy(policy);
    AlibabaCloudInstance cloud = new AlibabaCloudInstance();
    cloud.setRegionId(REGION);
    cloud.setInstanceId(instanceId);
    cloud.setCredentialsSecretRef(new SecretReference("ecs-credentials"));
    spec.setAlibabaCloud(cloud);
    instance.setSpec(spec);
    return client.resource(instance).serverSideApply();
  }
}
