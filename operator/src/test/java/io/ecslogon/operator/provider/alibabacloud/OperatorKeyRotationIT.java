package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.SecretSamples.privateKeyBody;
import static io.ecslogon.operator.testing.SecretSamples.decode;
import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.api.v1alpha1.SecretReference;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EcsEmulatorExtension;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's own key (zero-touch onboarding) is replaced when its interval is up: the new key
 * installed through Cloud Assistant and proven before it is used, the old one removed from the
 * instance after, and no private key in anything Cloud Assistant keeps. Time is moved by writing
 * an older operatorKeyCreatedAt into status, as if the interval had passed.
 */
class OperatorKeyRotationIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tRotateKeyId";
  private static final String ACCESS_KEY_SECRET = "rotate-secret-11aa22bb33cc44dd55ee";
  private static final Duration RESYNC = Duration.ofSeconds(2);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static EcsEmulatorExtension cloud = new EcsEmulatorExtension(controlPlane, ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  private static final EcsEmulator ecs = cloud.emulator();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("rotating").ecsUser("stalled").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, RESYNC, ecs);

  private static KubernetesClient client;

  @TempDir
  Path keys;

  @BeforeAll
  static void client() {
    client = controlPlane.client();
  }

  @Test
  void aDueKeyIsReplacedByOneProvenFirstAndTheOldOneRemovedFromTheInstance() throws IOException {
    Sandbox sandbox = sandboxes.get("rotating");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-rotating000001", sandbox.address()).backedBy(sandbox));
    EcsInstance ready = awaitCondition(client, apply("rotating", sandbox, "i-rotating000001"), "Ready", "True", null);
    AlibabaCloudInstanceStatus before = ready.getStatus().getAlibabaCloud();
    assertThat(Instant.parse(before.getOperatorKeyCreatedAt())).isAfter(Instant.now().minusSeconds(300));
    Secret oldSecret = client.secrets().inNamespace(NS).withName("rotating-operator-admin").get();
    String oldPublicKey = decode(oldSecret.getData().get("ssh-publickey"));
    Path oldPrivateKey = privateKeyFile("old", oldSecret.getData().get("ssh-privatekey"));
    assertThat(Ssh.run(sandbox, "root", oldPrivateKey, "true").exitCode()).isZero();
    int runsBefore = ecs.runCommandsOn("i-rotating000001").size();

    EcsInstance rotated = ageKeyUntilRotated(ready, before.getOperatorKeyFingerprint());

    AlibabaCloudInstanceStatus after = rotated.getStatus().getAlibabaCloud();
    assertThat(after.getOperatorKeyFingerprint()).isNotEqualTo(before.getOperatorKeyFingerprint());
    assertThat(after.getOperatorKeySecretUid()).as("the same Secret, its key replaced")
        .isEqualTo(before.getOperatorKeySecretUid());
    assertThat(after.getOperatorKeyNextFingerprint()).isNull();
    assertThat(Instant.parse(after.getOperatorKeyCreatedAt())).isAfter(Instant.now().minusSeconds(120));
    Secret newSecret = client.secrets().inNamespace(NS).withName("rotating-operator-admin").get();
    assertThat(newSecret.getData()).containsOnlyKeys("ssh-privatekey", "ssh-publickey");
    String newPublicKey = decode(newSecret.getData().get("ssh-publickey"));
    Path newPrivateKey = privateKeyFile("new", newSecret.getData().get("ssh-privatekey"));
    String authorized = sandbox.exec("cat", "/root/.ssh/authorized_keys").stdout();
    assertThat(authorized).contains(newPublicKey).doesNotContain(oldPublicKey)
        .as("nothing else in the file changed").contains(sandbox.adminPublicKey().strip().split(" ")[1]);
    assertThat(Ssh.run(sandbox, "root", newPrivateKey, "true").exitCode()).isZero();
    assertThat(Ssh.run(sandbox, "root", oldPrivateKey, "true").exitCode()).as("the old key no longer logs in")
        .isNotZero();
    assertThat(KubeObjects.eventsFor(client, rotated)).anySatisfy(event -> {
      assertThat(event.getReason()).isEqualTo("OperatorKeyRotated");
      assertThat(event.getMessage()).contains(before.getOperatorKeyFingerprint(), after.getOperatorKeyFingerprint());
    });
    awaitCondition(client, rotated, "Ready", "True", null);

    List<RecordedCall> runs = ecs.runCommandsOn("i-rotating000001");
    assertThat(runs).as("one install of the new key, one removal of the old").hasSize(runsBefore + 2);
    for (String privateKey : List.of(oldSecret.getData().get("ssh-privatekey"),
        newSecret.getData().get("ssh-privatekey"))) {
      String body = privateKeyBody(decode(privateKey));
      assertThat(runs).noneSatisfy(run -> assertThat(decode(run.parameters().get("CommandContent"))).contains(body));
      assertThat(runs).allSatisfy(run -> assertThat(decode(run.parameters().get("CommandContent")))
          .doesNotContain("PRIVATE KEY"));
      assertThat(logs.lines()).noneMatch(line -> line.contains(body));
      assertThat(Serialization.asJson(client.resource(rotated).get().getStatus())).doesNotContain(body);
    }

    // Not due again: later visits log on with the new key, and Cloud Assistant is not asked again.
    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);
    assertThat(ecs.runCommandsOn("i-rotating000001")).hasSize(runsBefore + 2);
    assertThat(client.resource(rotated).get().getStatus().getAlibabaCloud().getOperatorKeyFingerprint())
        .isEqualTo(after.getOperatorKeyFingerprint());
  }

  @Test
  void aRotationThatCannotBeProvenKeepsTheKeyInUseAndSaysWhy() {
    Sandbox sandbox = sandboxes.get("stalled");
    EmulatedInstance emulated = EmulatedInstance.linux(REGION, "i-stalled0000001", sandbox.address()).backedBy(sandbox);
    ecs.addInstance(emulated);
    EcsInstance ready = awaitCondition(client, apply("stalled", sandbox, "i-stalled0000001"), "Ready", "True", null);
    String fingerprint = ready.getStatus().getAlibabaCloud().getOperatorKeyFingerprint();
    // The agent stops: the new key cannot be installed.
    emulated.setCloudAssistantAgentOn(false);

    ageKeyUntil(ready, cloud -> cloud.getOperatorKeyNextFingerprint() != null);
    Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
        KubeObjects.eventsFor(client, ready)).anySatisfy(event -> {
          assertThat(event.getReason()).isEqualTo("OperatorKeyRotationPostponed");
          assertThat(event.getMessage()).contains("Cloud Assistant is not running");
        }));

    EcsInstance now = awaitCondition(client, ready, "Ready", "True", null);
    assertThat(now.getStatus().getAlibabaCloud().getOperatorKeyFingerprint()).isEqualTo(fingerprint);
    String next = now.getStatus().getAlibabaCloud().getOperatorKeyNextFingerprint();
    assertThat(next).as("the next key is made and recorded before it is installed").isNotNull();
    Secret secret = client.secrets().inNamespace(NS).withName("stalled-operator-admin").get();
    assertThat(secret.getData()).containsKey("next-ssh-privatekey");

    // Back: the same next key (recorded) is installed, proven and promoted.
    emulated.setCloudAssistantAgentOn(true);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> next.equals(client.resource(ready).get().getStatus()
        .getAlibabaCloud().getOperatorKeyFingerprint()));
  }

  /** Moves the key's creation back until the operator has rotated it (a visit in flight may write the old time back). */
  private static EcsInstance ageKeyUntilRotated(EcsInstance instance, String fingerprint) {
    return ageKeyUntil(instance, cloud -> !fingerprint.equals(cloud.getOperatorKeyFingerprint())
        && cloud.getOperatorKeyRetiringPublicKey() == null);
  }

  private static EcsInstance ageKeyUntil(EcsInstance instance, Predicate<AlibabaCloudInstanceStatus> done) {
    String fingerprint = instance.getStatus().getAlibabaCloud().getOperatorKeyFingerprint();
    AtomicInteger polls = new AtomicInteger();
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      AlibabaCloudInstanceStatus cloud = client.resource(instance).get().getStatus().getAlibabaCloud();
      if (done.test(cloud)) {
        return true;
      }
      boolean notStarted = fingerprint.equals(cloud.getOperatorKeyFingerprint())
          && cloud.getOperatorKeyNextFingerprint() == null;
      if (notStarted && polls.getAndIncrement() % 5 == 0) {
        ageKey(instance);
      }
      return false;
    });
    return client.resource(instance).get();
  }

  private static void ageKey(EcsInstance instance) {
    String json = Serialization.asJson(Map.of("status", Map.of("alibabaCloud", Map.of(
        "operatorKeyCreatedAt", Instant.now().minus(Duration.ofHours(2)).toString()))));
    client.resources(EcsInstance.class).inNamespace(NS).withName(instance.getMetadata().getName())
        .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  private Path privateKeyFile(String name, String base64) throws IOException {
    Path file = keys.resolve(name);
    Files.write(file, Base64.getDecoder().decode(base64));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static EcsInstance apply(String name, Sandbox sshAt, String instanceId) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setPort(sshAt.port());
    spec.setAdminUser(sshAt.adminUser());
    AlibabaCloudInstance cloud = new AlibabaCloudInstance();
    cloud.setRegionId(REGION);
    cloud.setInstanceId(instanceId);
    cloud.setCredentialsSecretRef(new SecretReference("ecs-credentials"));
    cloud.setOperatorKeyRotationInterval("1h");
    spec.setAlibabaCloud(cloud);
    instance.setSpec(spec);
    return client.resource(instance).serverSideApply();
  }
}
