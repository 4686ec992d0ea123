package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.SecretSamples.privateKeyBody;
import static io.ecslogon.operator.testing.SecretSamples.decode;
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
import io.ecslogon.operator.testing.ecs.EcsEmulatorExtension;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Zero-touch onboarding: EcsInstances with spec.alibabaCloud and no admin Secret, opened by the
 * operator through Cloud Assistant (the emulator runs the script in the sandbox behind the
 * instance), with the host key the cloud read pinned.
 */
class ZeroTouchOnboardingIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tOnboardKeyId";
  private static final String ACCESS_KEY_SECRET = "onboard-secret-55aa66bb77cc88dd99ee";
  private static final Duration RESYNC = Duration.ofSeconds(2);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static EcsEmulatorExtension cloud = new EcsEmulatorExtension(controlPlane, ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  private static final EcsEmulator ecs = cloud.emulator();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("fresh").ecsUser("ecsimage").root("vouched")
      .root("impostor").root("noagent").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, RESYNC, ecs);

  private static KubernetesClient client;

  @BeforeAll
  static void client() {
    client = controlPlane.client();
  }

  @Test
  void theOperatorOpensItsOwnWayInThroughCloudAssistantAndPinsTheHostKeyTheCloudRead() {
    Sandbox fresh = sandboxes.get("fresh");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-fresh000000001", fresh.address()).backedBy(fresh));

    EcsInstance ready = awaitCondition(client, apply("fresh", fresh, "i-fresh000000001"), "Ready", "True", null);

    assertThat(conditionOf(ready, "HostKeyTrusted")).hasValueSatisfying(c -> assertThat(c.getReason())
        .isEqualTo("VouchedByCloud"));
    assertThat(ready.getStatus().getHostKeyFingerprint()).isEqualTo(fresh.hostKeyFingerprint())
        .isEqualTo(ready.getStatus().getAlibabaCloud().getHostKeyFingerprint());
    Secret own = client.secrets().inNamespace(NS).withName("fresh-operator-admin").get();
    assertThat(own.getType()).isEqualTo("kubernetes.io/ssh-auth");
    assertThat(own.getMetadata().getLabels()).containsEntry(KubeObjects.USAGE, "admin-credentials");
    assertThat(own.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(ready.getMetadata().getUid()));
    assertThat(own.getMetadata().getUid()).isEqualTo(ready.getStatus().getAlibabaCloud().getOperatorKeySecretUid());
    String publicKey = decode(own.getData().get("ssh-publickey"));
    assertThat(fresh.exec("cat", "/root/.ssh/authorized_keys").stdout()).contains(publicKey)
        .as("the sandbox's own admin key is still there").contains(fresh.adminPublicKey().strip().split(" ")[1]);

    List<RecordedCall> runs = ecs.runCommandsOn("i-fresh000000001");
    assertThat(runs).as("installed once, as the admin user").hasSize(1)
        .allSatisfy(run -> assertThat(run.parameters()).containsEntry("Username", "root"));
    String privateKeyBody = privateKeyBody(decode(own.getData().get("ssh-privatekey")));
    String commandContent = decode(runs.get(0).parameters().get("CommandContent"));
    assertThat(commandContent).contains(publicKey).doesNotContain(privateKeyBody).doesNotContain("PRIVATE KEY");
    assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(privateKeyBody));
    assertThat(Serialization.asJson(client.resource(ready).get().getStatus())).doesNotContain(privateKeyBody);
    assertThat(KubeObjects.eventsFor(client, ready)).anySatisfy(event -> {
      assertThat(event.getReason()).isEqualTo("OperatorKeyInstalled");
      assertThat(event.getMessage()).contains(fresh.hostKeyFingerprint());
    }).noneMatch(event -> event.getMessage().contains(privateKeyBody));

    // Later visits log on over SSH with the key: Cloud Assistant is not asked again.
    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);
    assertThat(ecs.runCommandsOn("i-fresh000000001")).hasSize(1);
  }

  @Test
  void aSudoerAdminOnAnEcsImageIsOnboardedAsThatUser() {
    Sandbox image = sandboxes.get("ecsimage");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-ecsimage000001", image.address()).backedBy(image));

    EcsInstance ready = awaitCondition(client, apply("ecsimage", image, "i-ecsimage000001"), "Ready", "True", null);

    assertThat(ready.getStatus().getFacts().getSshd().getPermitRootLogin()).isEqualTo("no");
    assertThat(ecs.runCommandsOn("i-ecsimage000001")).singleElement()
        .satisfies(run -> assertThat(run.parameters()).containsEntry("Username", "ecs-user"));
    String publicKey = decode(client.secrets().inNamespace(NS).withName("ecsimage-operator-admin").get().getData()
        .get("ssh-publickey"));
    assertThat(image.exec("cat", "/home/ecs-user/.ssh/authorized_keys").stdout()).contains(publicKey);
  }

  @Test
  void anSshHostOtherThanTheOneTheCloudVouchedForIsRefusedBeforeAuthenticating() {
    Sandbox vouched = sandboxes.get("vouched");
    Sandbox impostor = sandboxes.get("impostor");
    impostor.logConnectionsVerbosely();
    // Cloud Assistant runs on "vouched", but the SSH port leads to "impostor".
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-vouched0000001", vouched.address()).backedBy(vouched));
    EcsInstance instance = apply("vouched", impostor, "i-vouched0000001");

    EcsInstance refused = awaitCondition(client, instance, "HostKeyTrusted", "False", "HostKeyMismatch");

    assertThat(messageOf(refused, "HostKeyTrusted")).contains(vouched.hostKeyFingerprint())
        .contains(impostor.hostKeyFingerprint());
    assertThat(conditionOf(refused, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(impostor.sshdLog()).as("connected, never authenticated").contains("Connection from")
        .doesNotContain("publickey").doesNotContain("Accepted");
  }

  @Test
  void aSecretSomeoneElsePutUnderTheOwnKeysNameIsNeverInstalled() {
    Sandbox fresh = sandboxes.get("fresh");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-planted00000001", fresh.address()).backedBy(fresh));
    String plantedKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlantedPlantedPlantedPlantedPlantedPlant planted";
    client.resource(new SecretBuilder().withNewMetadata().withName("planted-operator-admin").withNamespace(NS)
        .addToLabels(KubeObjects.USAGE, "admin-credentials").endMetadata().withType("kubernetes.io/ssh-auth")
        .withStringData(Map.of("ssh-privatekey", "not a key", "ssh-publickey", plantedKey)).build()).create();

    EcsInstance refused = awaitCondition(client, apply("planted", fresh, "i-planted00000001"), "Ready", "False",
        "OperatorKeySecretConflict");

    assertThat(messageOf(refused, "Ready")).contains("planted-operator-admin");
    assertThat(ecs.runCommandsOn("i-planted00000001")).isEmpty();
    assertThat(fresh.exec("cat", "/root/.ssh/authorized_keys").stdout()).doesNotContain("Planted");
  }

  @Test
  void anEditOfTheOperatorsOwnKeySecretIsRefusedNotInstalled() throws Exception {
    Sandbox noagent = sandboxes.get("ecsimage");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-edited00000001", noagent.address()).backedBy(noagent));
    EcsInstance instance = awaitCondition(client, apply("edited", noagent, "i-edited00000001"), "Ready", "True", null);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("edited");
    new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "intruder", "-f",
        dir.resolve("k").toString()).start().waitFor();
    String intruder = java.nio.file.Files.readString(dir.resolve("k"));
    String intruderPublic = java.nio.file.Files.readString(dir.resolve("k.pub")).strip();

    // Whoever may edit Secrets in the namespace swaps the key in the operator's own Secret, in place.
    client.secrets().inNamespace(NS).withName("edited-operator-admin").edit(secret -> {
      secret.getData().put("ssh-privatekey", Base64.getEncoder().encodeToString(intruder.getBytes(StandardCharsets.UTF_8)));
      secret.getData().put("ssh-publickey", Base64.getEncoder().encodeToString(intruderPublic.getBytes(StandardCharsets.UTF_8)));
      return secret;
    });

    EcsInstance refused = awaitCondition(client, instance, "Ready", "False", "OperatorKeySecretConflict");
    assertThat(messageOf(refused, "Ready")).contains("edited-operator-admin", "another key");
    assertThat(noagent.exec("cat", "/home/ecs-user/.ssh/authorized_keys").stdout())
        .doesNotContain(intruderPublic.split(" ")[1]);
    assertThat(ecs.runCommandsOn("i-edited00000001")).as("installed once, never the edited key").hasSize(1);
  }

  @Test
  void withoutTheCloudAssistantAgentItSaysSoAndSendsNothing() {
    Sandbox noagent = sandboxes.get("noagent");
    EmulatedInstance emulated = EmulatedInstance.linux(REGION, "i-noagent0000001", noagent.address()).backedBy(noagent);
    emulated.setCloudAssistantAgentOn(false);
    ecs.addInstance(emulated);

    EcsInstance waiting = awaitCondition(client, apply("noagent", noagent, "i-noagent0000001"), "Ready", "False",
        "CloudAssistantNotRunning");

    assertThat(ecs.runCommandsOn("i-noagent0000001")).isEmpty();
    emulated.setCloudAssistantAgentOn(true);
    awaitCondition(client, waiting, "Ready", "True", null);
  }

  /** A long run from the middle of the key's base64: any leak of the key would include it. */
  /** No address and no admin Secret: region, instance ID, the SSH port and the admin user only. */
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
    spec.setAlibabaCloud(cloud);
    instance.setSpec(spec);
    return client.resource(instance).serverSideApply();
  }
}
