package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.RebootInstanceRequest;
import com.aliyun.teaopenapi.models.Config;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.keypair.KeyPairReconciler;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.StatusConditions;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EcsEmulatorExtension;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.alibabaCloud.keyPairRef: a registered KeyPair attached with ECS's AttachKeyPair (the
 * emulator puts it in place at the instance's next start, as ECS does), the restart asked for
 * through the restart component under spec.restartPolicy, and every attach that would lock the
 * operator out refused before ECS is called. Proven by the emulator's recorded calls, the
 * sandbox's boots, and real logins.
 */
class KeyPairAttachIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tAttachKeyId";
  private static final String ACCESS_KEY_SECRET = "attach-secret-5e4d3c2b1a0918273645";
  private static final String ATTACHED = "KeyPairAttached";
  private static final Duration RESYNC = Duration.ofSeconds(2);
  private static final Duration RESTART_WAIT = Duration.ofSeconds(120);

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static EcsEmulatorExtension cloud = new EcsEmulatorExtension(controlPlane, ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  private static final EcsEmulator ecs = cloud.emulator();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().ecsUser("restarted").ecsUser("waiting")
      .ecsUser("pwadmin").root("rootadmin").ecsUser("optout").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, RESYNC, ecs);

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @TempDir
  Path dir;

  @Test
  void underIfRequiredTheKeyPairIsAttachedTheInstanceRestartedOnceAndRootLogsOnWithItsKey() throws Exception {
    Sandbox sandbox = sandboxes.get("restarted");
    setPassword(sandbox, "ecs-user", "Bef0re-attach!");
    assertThat(Ssh.passwordLogin(sandbox, "ecs-user", "Bef0re-attach!")).as("password logins work before").isTrue();
    long boots = Boots.count(sandbox);
    String instanceId = withKeyPair("restarted", "IfRequired", "deploy-restarted");

    EcsInstance attached = awaitAttached("restarted", "True", "Attached", RESTART_WAIT);

    List<RecordedCall> attaches = calls("AttachKeyPair", instanceId);
    assertThat(attaches).singleElement().satisfies(call -> {
      assertThat(call.accepted()).isTrue();
      assertThat(call.parameters()).containsEntry("RegionId", REGION).containsEntry("KeyPairName",
          "default-deploy-restarted").containsEntry("InstanceIds", "[\"" + instanceId + "\"]");
    });
    assertThat(calls("RebootInstance", instanceId)).as("one restart, through ECS").hasSize(1);
    assertThat(Boots.count(sandbox) - boots).isEqualTo(1);
    var cloud = attached.getStatus().getAlibabaCloud();
    assertThat(cloud.getKeyPairName()).as("DescribeInstances' KeyPairName").isEqualTo("default-deploy-restarted");
    assertThat(cloud.getKeyPairAttachment().getInEffectAt()).isNotNull();
    assertThat(cloud.getKeyPairAttachment().getBootIdBefore()).isNotEqualTo(sandbox.bootId());
    assertThat(attached.getStatus().getLastRestart().getRequestedBy()).isEqualTo("EcsInstance/restarted");
    assertThat(attached.getStatus().getLastRestart().getRequestId())
        .isEqualTo(cloud.getKeyPairAttachment().getRestartRequestId());
    assertThat(attached.getMetadata().getAnnotations()).doesNotContainKey("ecslogon.io/restart-request");
    assertThat(StatusConditions.has(attached, "Ready", "True", null)).as("the operator still logs on").isTrue();

    KeyPair keyPair = kube.get(KeyPair.class, "deploy-restarted");
    assertThat(sandbox.exec("cat", "/root/.ssh/authorized_keys").stdout().strip())
        .isEqualTo(keyPair.getStatus().getPublicKey().strip());
    Path privateKey = privateKeyOf(keyPair);
    assertThat(Ssh.run(sandbox, "root", privateKey, "id -un").stdout().strip()).as("root with the KeyPair's key")
        .isEqualTo("root");
    assertThat(Ssh.passwordLogin(sandbox, "ecs-user", "Bef0re-attach!")).as("password logins off").isFalse();
    assertThat(Ssh.asAdmin(sandbox, "true").exitCode()).as("the admin's own key still works").isZero();
    assertThat(KubeObjects.eventsFor(kube.client(), attached)).extracting(Event::getReason)
        .contains("KeyPairAttached", "Restarting", "Restarted", "KeyPairInEffect");

    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);
    assertThat(calls("AttachKeyPair", instanceId)).as("still one").hasSize(1);
    assertThat(calls("RebootInstance", instanceId)).as("still one").hasSize(1);

    // ECS refuses to delete a key pair bound to an instance: the KeyPair waits.
    kube.client().resource(keyPair).delete();
    KeyPair held = awaitCondition(kube.client(), keyPair, "RegisteredInEcs", "False", "StillBound");
    assertThat(held.getMetadata().getFinalizers()).contains(KeyPairReconciler.ECS_FINALIZER);
    assertThat(StatusConditions.has(kube.get(EcsInstance.class, "restarted"), ATTACHED, "True", "Attached")).isTrue();
  }

  @Test
  void underNeverTheKeyPairIsAttachedAndWaitsUntilSomeoneRestartsTheInstance() throws Exception {
    Sandbox sandbox = sandboxes.get("waiting");
    long boots = Boots.count(sandbox);
    String instanceId = withKeyPair("waiting", "Never", "deploy-waiting");

    EcsInstance waiting = awaitAttached("waiting", "False", "WaitingForRestart");

    assertThat(messageOf(waiting, ATTACHED)).contains("restartPolicy is Never");
    assertThat(calls("AttachKeyPair", instanceId)).hasSize(1);
    assertThat(waiting.getStatus().getAlibabaCloud().getKeyPairAttachment().getKeyPairName())
        .isEqualTo("default-deploy-waiting");
    awaitCondition(kube.client(), waiting, "RestartRequired", "True", "RestartNotAllowed");
    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);
    assertThat(calls("RebootInstance", instanceId)).as("Never: not restarted").isEmpty();
    assertThat(Boots.count(sandbox)).isEqualTo(boots);
    assertThat(StatusConditions.has(kube.get(EcsInstance.class, "waiting"), ATTACHED, "False", "WaitingForRestart"))
        .isTrue();

    // Someone restarts it (the console's Restart): the key pair is in effect, the request withdrawn.
    sdk().rebootInstance(new RebootInstanceRequest().setInstanceId(instanceId));
    EcsInstance inEffect = awaitAttached("waiting", "True", "Attached", RESTART_WAIT);

    assertThat(inEffect.getMetadata().getAnnotations()).doesNotContainKey("ecslogon.io/restart-request");
    assertThat(Ssh.run(sandbox, "root", privateKeyOf(kube.get(KeyPair.class, "deploy-waiting")), "id -un").stdout()
        .strip()).isEqualTo("root");
    assertThat(calls("RebootInstance", instanceId)).as("only the one by hand").hasSize(1);
  }

  @Test
  void removingTheReferenceDetachesNothingAndWithdrawsTheRestartItAskedFor() {
    String instanceId = withKeyPair("optout", "Never", "deploy-optout");
    EcsInstance waiting = awaitAttached("optout", "False", "WaitingForRestart");
    assertThat(kube.get(EcsInstance.class, "optout").getMetadata().getAnnotations())
        .containsKey("ecslogon.io/restart-request");

    kube.mergePatch(EcsInstance.class, "optout", "{\"spec\":{\"alibabaCloud\":{\"keyPairRef\":null}}}");

    EcsInstance optedOut = kube.await(EcsInstance.class, "optout", current -> current.getStatus() != null
        && StatusConditions.conditionOf(current, ATTACHED).isEmpty()
        && current.getStatus().getAlibabaCloud().getKeyPairAttachment() == null);
    assertThat(optedOut.getMetadata().getAnnotations()).doesNotContainKey("ecslogon.io/restart-request");
    assertThat(optedOut.getStatus().getAlibabaCloud().getKeyPairName()).as("still bound in ECS, as reported")
        .isEqualTo("default-deploy-optout");
    assertThat(calls("AttachKeyPair", instanceId)).hasSize(1);
    assertThat(calls("DetachKeyPair", instanceId)).isEmpty();
    assertThat(calls("RebootInstance", instanceId)).isEmpty();
    assertThat(waiting.getStatus().getAlibabaCloud().getKeyPairAttachment()).isNotNull();
  }

  @Test
  void anAdminWithAPasswordIsRefusedAndEcsIsNeverAsked() {
    Sandbox sandbox = sandboxes.get("pwadmin");
    setPassword(sandbox, "ecs-user", "Adm1n-passw0rd!");
    kube.client().resource(KubeObjects.withUsage(KubeObjects.basicAuthSecret(NS, "pwadmin-admin", "ecs-user",
        "Adm1n-passw0rd!"), "admin-credentials")).serverSideApply();
    keyPair("deploy-refused");
    String instanceId = register("pwadmin", "IfRequired", "deploy-refused",
        "  hostKeyFingerprint: \"" + sandbox.hostKeyFingerprint() + "\"\n");

    EcsInstance refused = awaitAttached("pwadmin", "False", "WouldLockOutOperator");

    assertThat(messageOf(refused, ATTACHED)).contains("turns password logins off", "with a password",
        "nothing was attached");
    assertRefusedWithoutCalls(refused, instanceId);
  }

  @Test
  void rootWithAKeyOtherThanTheKeyPairsIsRefusedAndEcsIsNeverAsked() {
    String instanceId = withKeyPair("rootadmin", "IfRequired", "deploy-refused");

    EcsInstance refused = awaitAttached("rootadmin", "False", "WouldLockOutOperator");

    assertThat(messageOf(refused, ATTACHED)).contains("replaces root's authorized_keys", "nothing was attached");
    assertRefusedWithoutCalls(refused, instanceId);
    assertThat(Ssh.asAdmin(sandboxes.get("rootadmin"), "id -un").stdout().strip()).isEqualTo("root");
  }

  private static EcsInstance awaitAttached(String name, String status, String reason) {
    return awaitAttached(name, status, reason, StatusConditions.DEFAULT_WAIT);
  }

  private static EcsInstance awaitAttached(String name, String status, String reason, Duration atMost) {
    return awaitCondition(kube.client(), kube.get(EcsInstance.class, name), ATTACHED, status, reason, atMost);
  }

  private static void assertRefusedWithoutCalls(EcsInstance refused, String instanceId) {
    assertThat(StatusConditions.has(refused, "Ready", "True", null)).isTrue();
    assertThat(KubeObjects.eventsFor(kube.client(), refused)).anySatisfy(event -> {
      assertThat(event.getReason()).isEqualTo("WouldLockOutOperator");
      assertThat(event.getType()).isEqualTo("Warning");
    });
    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);
    assertThat(calls("AttachKeyPair", instanceId)).isEmpty();
    assertThat(calls("RebootInstance", instanceId)).isEmpty();
    assertThat(kube.get(EcsInstance.class, refused.getMetadata().getName()).getMetadata().getAnnotations())
        .doesNotContainKey("ecslogon.io/restart-request");
  }

  private static void keyPair(String name) {
    kube.apply("kind: KeyPair\nmetadata: {name: " + name + "}\nspec:\n  type: rsa\n  bits: 2048\n  alibabaCloud:\n"
        + "    regionId: " + REGION + "\n    credentialsSecretRef: {name: ecs-credentials}\n");
  }

  /**
   * The KeyPair, and an EcsInstance for sandbox {@code name} behind the emulator that references it,
   * its admin logging on with the sandbox's key; the instance's ID.
   */
  private static String withKeyPair(String name, String restartPolicy, String keyPair) {
    keyPair(keyPair);
    kube.client().resource(KubeObjects.sshAuthSecret(NS, name + "-admin", sandboxes.get(name).adminPrivateKey()))
        .serverSideApply();
    return register(name, restartPolicy, keyPair, "");
  }

  /**
   * An EcsInstance for sandbox {@code name}, with the Secret {@code <name>-admin} in place already;
   * root may log on with keys (ECS images allow it).
   */
  private static String register(String name, String restartPolicy, String keyPair, String extraSpec) {
    Sandbox sandbox = sandboxes.get(name);
    String instanceId = "i-" + name + "0000000001";
    ecs.addInstance(EmulatedInstance.linux(REGION, instanceId, sandbox.address()).backedBy(sandbox));
    kube.apply("kind: EcsInstance\nmetadata: {name: " + name + "}\nspec:\n  port: " + sandbox.port() + "\n"
        + "  adminUser: " + sandbox.adminUser() + "\n  adminCredentialsSecretRef: {name: " + name + "-admin}\n"
        + "  restartPolicy: " + restartPolicy + "\n  sshd: {permitRootLogin: prohibit-password}\n" + extraSpec
        + "  alibabaCloud:\n    regionId: " + REGION + "\n    instanceId: " + instanceId + "\n"
        + "    credentialsSecretRef: {name: ecs-credentials}\n    keyPairRef: {name: " + keyPair + "}\n");
    return instanceId;
  }

  private static void setPassword(Sandbox sandbox, String user, String password) {
    sandbox.execWithStdin((user + ":" + password + "\n").getBytes(StandardCharsets.UTF_8), "chpasswd")
        .orThrow("chpasswd");
  }

  private Path privateKeyOf(KeyPair keyPair) throws Exception {
    var secret = kube.client().secrets().inNamespace(NS).withName(keyPair.getStatus().getSecretName()).get();
    Path file = dir.resolve(keyPair.getMetadata().getName());
    Files.write(file, Base64.getDecoder().decode(secret.getData().get("ssh-privatekey")));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static List<RecordedCall> calls(String action, String instanceId) {
    return ecs.calls(action).stream().filter(call -> instanceId.equals(call.parameters().get("InstanceId"))
        || String.valueOf(call.parameters().get("InstanceIds")).contains(instanceId)).toList();
  }

  private static Client sdk() throws Exception {
    return new Client(new Config().setAccessKeyId(ACCESS_KEY_ID).setAccessKeySecret(ACCESS_KEY_SECRET)
        .setRegionId(REGION).setEndpoint(ecs.endpoint()).setProtocol("HTTP"));
  }
}
