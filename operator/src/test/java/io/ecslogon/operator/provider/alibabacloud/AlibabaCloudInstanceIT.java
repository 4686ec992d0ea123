package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.conditionOf;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.api.v1alpha1.SecretReference;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EcsInstances known by region and instance ID, through the real ECS SDK against the local ECS
 * emulator (which checks every request's signature), with sandboxes behind the instances.
 */
class AlibabaCloudInstanceIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tEmulatorKeyId";
  private static final String ACCESS_KEY_SECRET = "emulator-secret-9f8e7d6c5b4a39281706";
  private static final Duration RESYNC = Duration.ofSeconds(2);

  private static final EcsEmulator ecs = EcsEmulator.start(ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("vpc").root("halted").root("throttled").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, RESYNC, ecs);

  private static KubernetesClient client;

  @BeforeAll
  static void credentials() {
    client = controlPlane.client();
    client.resource(cloudSecret("ecs-credentials", ACCESS_KEY_SECRET, true)).serverSideApply();
  }

  @AfterAll
  static void stopEmulator() {
    ecs.close();
  }

  @Test
  void anInstanceKnownOnlyByRegionAndIdGetsItsAddressFromEcsAndBecomesReady() {
    Sandbox vpc = sandboxes.get("vpc");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-vpc0000000001", vpc.address()).withPublicIp("203.0.113.7")
        .backedBy(vpc));

    EcsInstance ready = awaitCondition(client, apply("vpc", vpc, "i-vpc0000000001", "ecs-credentials"), "Ready",
        "True", null);

    var cloud = ready.getStatus().getAlibabaCloud();
    assertThat(cloud.getInstanceStatus()).isEqualTo("Running");
    assertThat(cloud.getOsType()).isEqualTo("linux");
    assertThat(cloud.getAddress()).isEqualTo(vpc.address()).isEqualTo(cloud.getPrivateIpAddress());
    assertThat(cloud.getPublicIpAddress()).isEqualTo("203.0.113.7");
    assertThat(ready.getStatus().getHostKeyFingerprint()).isEqualTo(vpc.hostKeyFingerprint());
    List<RecordedCall> describes = ecs.calls("DescribeInstances").stream()
        .filter(call -> call.parameters().get("InstanceIds").contains("\"i-vpc0000000001\"")).toList();
    assertThat(describes).as("signed as ECS checks it, the instance in a JSON array, in its region")
        .isNotEmpty().allMatch(call -> REGION.equals(call.parameters().get("RegionId")))
        .anyMatch(RecordedCall::accepted);

    String status = Serialization.asJson(client.resource(ready).get().getStatus());
    assertThat(status).doesNotContain(ACCESS_KEY_SECRET);
    assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(ACCESS_KEY_SECRET));
    assertThat(KubeObjects.eventsFor(client, ready)).noneMatch(event -> event.getMessage().contains(ACCESS_KEY_SECRET));
  }

  @Test
  void anInstanceEcsReportsStoppedIsNeverContactedOverSshAndIsVisitedOnceItRuns() {
    Sandbox halted = sandboxes.get("halted");
    EmulatedInstance emulated = EmulatedInstance.linux(REGION, "i-halted00000001", halted.address()).backedBy(halted);
    emulated.setStatus("Stopped");
    ecs.addInstance(emulated);

    halted.logConnectionsVerbosely();
    EcsInstance instance = apply("halted", halted, "i-halted00000001", "ecs-credentials");
    EcsInstance stopped = awaitCondition(client, instance, "Ready", "False", "InstanceStopped");
    assertThat(messageOf(stopped, "Ready")).contains("i-halted00000001").contains("Stopped");
    assertThat(stopped.getStatus().getAlibabaCloud().getInstanceStatus()).isEqualTo("Stopped");
    // A few more visits: ECS is asked again, the instance's sshd never hears from the operator.
    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);
    assertThat(halted.sshdLog()).doesNotContain("Connection from");

    emulated.setStatus("Running");
    EcsInstance running = awaitCondition(client, instance, "Ready", "True", null);
    assertThat(running.getStatus().getAlibabaCloud().getInstanceStatus()).isEqualTo("Running");
    assertThat(halted.sshdLog()).contains("Connection from 127.0.0.1");
  }

  @Test
  void visitsOfOneRegionShareBatchedDescribeInstancesCalls() {
    for (int i = 1; i <= 5; i++) {
      String id = "i-batch0000000" + i;
      EmulatedInstance emulated = EmulatedInstance.linux(REGION, id, "127.0.0.1");
      emulated.setStatus("Stopped");
      ecs.addInstance(emulated);
      apply("batch-" + i, sandboxes.get("halted"), id, "ecs-credentials");
    }
    for (int i = 1; i <= 5; i++) {
      awaitCondition(client, named("batch-" + i), "Ready", "False", "InstanceStopped");
    }
    int before = ecs.calls("DescribeInstances").size();

    // 20 s of visits: 5 instances every 2 s to 5 s (RESYNC, and the back-off of a not-Ready one) would be
    // 20 or more lookups one by one; one batch every 10 s (the answer's maximum age) is about 2.
    Awaitility.await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);

    List<RecordedCall> during = ecs.calls("DescribeInstances").subList(before, ecs.calls("DescribeInstances").size());
    assertThat(during).hasSizeBetween(1, 4);
    assertThat(during).allSatisfy(call -> assertThat(call.parameters().get("InstanceIds"))
        .contains("\"i-batch00000001\"", "\"i-batch00000003\"", "\"i-batch00000005\""));
  }

  @Test
  void throttlingIsBackedOffWithinTheVisitAndTheInstanceStaysReady() {
    Sandbox throttled = sandboxes.get("throttled");
    ecs.addInstance(EmulatedInstance.linux("cn-shanghai", "i-throttled00001", throttled.address()).backedBy(throttled));
    EcsInstance instance = apply("throttled", throttled, "cn-shanghai", "i-throttled00001", "ecs-credentials");
    EcsInstance ready = awaitCondition(client, instance, "Ready", "True", null);
    String readySince = conditionOf(ready, "Ready").orElseThrow().getLastTransitionTime();
    int before = ecs.calls("DescribeInstances").size();

    ecs.failNext("DescribeInstances", 2, 400, "Throttling.User");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ecs.calls("DescribeInstances").stream()
        .skip(before).filter(RecordedCall::accepted).count() >= 2);

    List<RecordedCall> after = ecs.calls("DescribeInstances").subList(before, ecs.calls("DescribeInstances").size());
    assertThat(after.subList(0, 3)).extracting(RecordedCall::errorCode)
        .containsExactly("Throttling.User", "Throttling.User", null);
    assertThat(conditionOf(client.resource(instance).get(), "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getLastTransitionTime()).as("never went False").isEqualTo(readySince);
    });
  }

  @Test
  void wrongOrUnlabelledCredentialsAreReportedWithoutTheSecret() {
    String wrongSecret = "not-the-secret-0123456789abcdef";
    client.resource(cloudSecret("wrong-credentials", wrongSecret, true)).serverSideApply();
    client.resource(cloudSecret("unlabelled-credentials", ACCESS_KEY_SECRET, false)).serverSideApply();
    ecs.addInstance(EmulatedInstance.linux("cn-beijing", "i-wrongcreds0001", "127.0.0.1"));
    Sandbox vpc = sandboxes.get("vpc");

    EcsInstance wrong = apply("wrongcreds", vpc, "cn-beijing", "i-wrongcreds0001", "wrong-credentials");
    EcsInstance refused = awaitCondition(client, wrong, "Ready", "False", "CloudApiError");
    assertThat(messageOf(refused, "Ready")).contains("SignatureDoesNotMatch").doesNotContain(wrongSecret);
    long beijing = ecs.calls("DescribeInstances").stream()
        .filter(call -> "cn-beijing".equals(call.parameters().get("RegionId"))).count();
    assertThat(beijing).as("a refusal is not retried in the visit").isLessThanOrEqualTo(2);

    EcsInstance unlabelled = apply("unlabelled", vpc, "cn-beijing", "i-wrongcreds0001", "unlabelled-credentials");
    EcsInstance notOptedIn = awaitCondition(client, unlabelled, "Ready", "False", "SecretNotOptedIn");
    assertThat(messageOf(notOptedIn, "Ready")).contains("unlabelled-credentials").doesNotContain(ACCESS_KEY_SECRET);
    assertThat(logs.lines()).noneMatch(line -> line.contains(wrongSecret) || line.contains(ACCESS_KEY_SECRET));
  }

  private static EcsInstance apply(String name, Sandbox sandbox, String instanceId, String credentials) {
    return apply(name, sandbox, REGION, instanceId, credentials);
  }

  private static EcsInstance apply(String name, Sandbox sandbox, String region, String instanceId, String credentials) {
    client.resource(KubeObjects.sshAuthSecret(NS, name + "-admin", sandbox.adminPrivateKey())).serverSideApply();
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setPort(sandbox.port());
    spec.setAdminUser(sandbox.adminUser());
    spec.setAdminCredentialsSecretRef(new SecretReference(name + "-admin"));
    AlibabaCloudInstance cloud = new AlibabaCloudInstance();
    cloud.setRegionId(region);
    cloud.setInstanceId(instanceId);
    cloud.setCredentialsSecretRef(new SecretReference(credentials));
    spec.setAlibabaCloud(cloud);
    instance.setSpec(spec);
    return client.resource(instance).serverSideApply();
  }

  private static EcsInstance named(String name) {
    return client.resources(EcsInstance.class).inNamespace(NS).withName(name).get();
  }

  private static Secret cloudSecret(String name, String accessKeySecret, boolean optedIn) {
    SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withType("Opaque")
        .withStringData(Map.of("accessKeyId", ACCESS_KEY_ID, "accessKeySecret", accessKeySecret));
    if (optedIn) {
      secret.editMetadata().addToLabels(KubeObjects.USAGE, "alibaba-cloud-credentials").endMetadata();
    }
    return secret.build();
  }
}
