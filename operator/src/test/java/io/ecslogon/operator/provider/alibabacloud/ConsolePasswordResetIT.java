package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EcsEmulatorExtension;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PasswordReset method Console: root's password handed to ECS (the emulator) with
 * ModifyInstanceAttribute and applied by the restart ECS carries out, on an instance the operator is
 * locked out of; the restart proven by ECS's instance status, the password by a real root login.
 */
class ConsolePasswordResetIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tConsoleKeyId";
  private static final String ACCESS_KEY_SECRET = "console-secret-9f8e7d6c5b4a39281706";
  private static final Duration RESET_WAIT = Duration.ofSeconds(120);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static EcsEmulatorExtension cloud = new EcsEmulatorExtension(controlPlane, ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  private static final EcsEmulator ecs = cloud.emulator();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("lockedout").root("badpassword").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, Duration.ofSeconds(2), ecs);

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @Test
  void aLockedOutInstanceGetsRootsPasswordThroughEcsAndOneRestart() {
    Sandbox sandbox = sandboxes.get("lockedout");
    // Only so that the test can prove root's password with a real login; the operator never relies on it.
    sandbox.sh("printf 'PermitRootLogin yes\\nPasswordAuthentication yes\\n' > /etc/ssh/sshd_config.d/01-test.conf"
        + " && service ssh reload").orThrow("root password logins for the proof");
    assertThat(sandbox.exec("sshd", "-T").stdout()).contains("permitrootlogin yes");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-lockedout000001", sandbox.address()).backedBy(sandbox));
    registerCloudInstance("lockedout", sandbox, "i-lockedout000001");
    awaitCondition(kube.client(), kube.get(EcsInstance.class, "lockedout"), "Ready", "True", null);
    String shadowBefore = rootHash(sandbox);
    long boots = Boots.count(sandbox);

    sandbox.sh(": > /root/.ssh/authorized_keys").orThrow("remove the operator's key");
    awaitCondition(kube.client(), kube.get(EcsInstance.class, "lockedout"), "Ready", "False", "AuthenticationFailed");

    kube.apply("kind: PasswordReset\nmetadata: {name: root-console}\nspec:\n  instanceRef: {name: lockedout}\n"
        + "  generate: true\n  method: Console");
    PasswordReset done = awaitPhase("root-console", ResetPhase.Succeeded);

    String password = password(done.getStatus().getSecretName());
    assertThat(done.getStatus().getUsername()).isEqualTo("root");
    assertThat(done.getStatus().getPasswordSetAt()).isNotNull();
    assertThat(TestKube.has(done.getStatus().getConditions(), "Complete", "True", "Succeeded")).isTrue();
    assertThat(TestKube.condition(done.getStatus().getConditions(), "Complete").orElseThrow().getMessage())
        .contains("set through ECS and the instance restarted").contains(done.getStatus().getSecretName());
    List<RecordedCall> modified = calls("ModifyInstanceAttribute", "i-lockedout000001");
    assertThat(modified).hasSize(1);
    assertThat(modified.get(0).parameters()).as("the call's point: the Secret's password").containsEntry("Password",
        password);
    assertThat(calls("RebootInstance", "i-lockedout000001")).as("one restart, through ECS").hasSize(1);
    assertThat(Boots.count(sandbox) - boots).isEqualTo(1);
    assertThat(rootHash(sandbox)).isNotEqualTo(shadowBefore);
    assertThat(Ssh.passwordLogin(sandbox, "root", password)).as("root logs on with the new password").isTrue();

    EcsInstance instance = kube.get(EcsInstance.class, "lockedout");
    var restart = instance.getStatus().getLastRestart();
    assertThat(restart.getRequestedBy()).isEqualTo("PasswordReset/root-console");
    assertThat(restart.getCompletedAt()).isNotNull();
    assertThat(restart.getConfirmedBy()).as("no logon possible: ECS's word").isEqualTo("EcsStatus");
    assertThat(restart.getCloudRebootAcceptedAt()).isNotNull();
    assertThat(restart.getCloudSeenNotRunningAt()).isGreaterThanOrEqualTo(restart.getCloudRebootAcceptedAt());
    assertThat(instance.getMetadata().getAnnotations()).doesNotContainKey("ecslogon.io/restart-request");
    assertThat(KubeObjects.eventsFor(kube.client(), done)).extracting(e -> e.getReason())
        .contains("PasswordSet", "Succeeded");
    assertThat(KubeObjects.eventsFor(kube.client(), instance)).extracting(e -> e.getReason())
        .contains("Restarting", "Restarted");
    Awaitility.await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(calls("RebootInstance", "i-lockedout000001")).as("still one").hasSize(1);
    assertThat(Boots.count(sandbox) - boots).isEqualTo(1);
    assertNowhereButItsSecret(password);
  }

  @Test
  void consoleIsForRootOnlyAndTheApiServerSaysSo() {
    assertThatThrownBy(() -> kube.apply("kind: PasswordReset\nmetadata: {name: alice-console}\nspec:\n"
        + "  instanceRef: {name: lockedout}\n  username: alice\n  generate: true\n  method: Console"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("method Console resets the instance's logon password in ECS, which is root's");
    assertThat(kube.client().resources(PasswordReset.class).inNamespace(NS).withName("alice-console").get()).isNull();
  }

  @Test
  void aPasswordEcsWouldRefuseFailsTheResetBeforeEcsIsAsked() {
    Sandbox sandbox = sandboxes.get("badpassword");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-badpassword0001", sandbox.address()).backedBy(sandbox));
    registerCloudInstance("badpassword", sandbox, "i-badpassword0001");
    kube.client().resource(KubeObjects.basicAuthSecret(NS, "too-simple", "root", "alllowercase")).serverSideApply();

    kube.apply("kind: PasswordReset\nmetadata: {name: root-too-simple}\nspec:\n  instanceRef: {name: badpassword}\n"
        + "  passwordSecretRef: {name: too-simple}\n  method: Console");
    PasswordReset failed = awaitPhase("root-too-simple", ResetPhase.Failed);

    assertThat(TestKube.has(failed.getStatus().getConditions(), "Failed", "True", "PasswordRejected")).isTrue();
    assertThat(calls("ModifyInstanceAttribute", "i-badpassword0001")).isEmpty();
    assertThat(calls("RebootInstance", "i-badpassword0001")).isEmpty();
    assertNowhereButItsSecret("alllowercase");
  }

  private static void registerCloudInstance(String name, Sandbox sandbox, String instanceId) {
    kube.client().resource(KubeObjects.sshAuthSecret(NS, name + "-admin", sandbox.adminPrivateKey())).serverSideApply();
    kube.apply("kind: EcsInstance\nmetadata: {name: " + name + "}\nspec:\n  port: " + sandbox.port() + "\n"
        + "  adminUser: " + sandbox.adminUser() + "\n  adminCredentialsSecretRef: {name: " + name + "-admin}\n"
        + "  restartPolicy: IfRequired\n  alibabaCloud:\n    regionId: " + REGION + "\n    instanceId: " + instanceId
        + "\n    credentialsSecretRef: {name: ecs-credentials}\n");
  }

  private static List<RecordedCall> calls(String action, String instanceId) {
    return ecs.calls(action).stream().filter(call -> instanceId.equals(call.parameters().get("InstanceId"))).toList();
  }

  private static String rootHash(Sandbox sandbox) {
    return sandbox.exec("sh", "-c", "getent shadow root | cut -d: -f2").stdout().strip();
  }

  private static PasswordReset awaitPhase(String name, ResetPhase phase) {
    return kube.await(PasswordReset.class, name, RESET_WAIT, r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
  }

  private static String password(String secretName) {
    Secret secret = kube.client().secrets().inNamespace(NS).withName(secretName).get();
    return new String(Base64.getDecoder().decode(secret.getData().get("password")));
  }

  private static void assertNowhereButItsSecret(String password) {
    String everything = String.join("\n", logs.lines())
        + Serialization.asJson(kube.client().resources(PasswordReset.class).inNamespace(NS).list())
        + Serialization.asJson(kube.client().resources(EcsInstance.class).inNamespace(NS).list())
        + Serialization.asJson(kube.client().v1().events().inNamespace(NS).list());
    assertThat(everything).doesNotContain(password);
  }
}
