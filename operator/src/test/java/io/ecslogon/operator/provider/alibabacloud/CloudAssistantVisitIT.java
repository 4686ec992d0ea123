package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.conditionOf;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EcsEmulatorExtension;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An instance whose SSH port nobody can reach, converged entirely through Cloud Assistant: the
 * operator opens its way in (zero-touch), then every visit runs over RunCommand; users and keys
 * converge, a password (a secret Cloud Assistant would store) and sshd changes (unprovable without
 * SSH) are refused with a reason.
 */
class CloudAssistantVisitIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tNoRouteKeyId";
  private static final String ACCESS_KEY_SECRET = "noroute-secret-1029384756abcdef0";
  private static final String PASSWORD = "Never-in-RunCommand-7!";
  private static final Duration RESYNC = Duration.ofSeconds(3);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static EcsEmulatorExtension cloud = new EcsEmulatorExtension(controlPlane, ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  private static final EcsEmulator ecs = cloud.emulator();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("noroute").build();

  @RegisterExtension
  static OperatorExtension operator = OperatorExtension.againstEcsEmulator(controlPlane, RESYNC, ecs);

  private static KubernetesClient client;

  @BeforeAll
  static void client() {
    client = controlPlane.client();
    client.resource(KubeObjects.basicAuthSecret(NS, "dev-password", "dev", PASSWORD)).serverSideApply();
  }

  @Test
  void anInstanceWithNoRouteToSshIsConvergedThroughCloudAssistant() {
    Sandbox noroute = sandboxes.get("noroute");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-noroute0000001", noroute.address()).backedBy(noroute));
    // Port 1 on the loopback: nothing listens there, as if a security group dropped port 22.
    EcsInstance instance = client.resource(Serialization.unmarshal("""
        apiVersion: ecslogon.io/v1alpha1
        kind: EcsInstance
        metadata: {name: noroute, namespace: default, labels: {env: vpc-only}}
        spec:
          port: 1
          sshd: {passwordAuthentication: false}
          alibabaCloud: {regionId: cn-hangzhou, instanceId: i-noroute0000001, credentialsSecretRef: {name: ecs-credentials}}
        """, EcsInstance.class)).serverSideApply();

    EcsInstance ready = awaitCondition(client, instance, "Ready", "True", "CloudAssistant");
    assertThat(messageOf(ready, "Reachable")).contains("Cloud Assistant");
    assertThat(ready.getStatus().getFacts().getBootId()).isEqualTo(noroute.bootId());
    assertThat(conditionOf(ready, "SshdConfigured")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("NeedsSsh");
    });
    assertThat(noroute.exec("/usr/sbin/sshd", "-T").stdout()).contains("passwordauthentication yes");

    client.resource(Serialization.unmarshal("""
        apiVersion: ecslogon.io/v1alpha1
        kind: KeyPair
        metadata: {name: vpc-ops-key, namespace: default}
        spec: {type: ed25519}
        """, KeyPair.class)).serverSideApply();
    LogonUser ops = client.resource(Serialization.unmarshal("""
        apiVersion: ecslogon.io/v1alpha1
        kind: LogonUser
        metadata: {name: vpc-ops, namespace: default}
        spec:
          instanceSelector: {matchLabels: {env: vpc-only}}
          username: vpcops
          keyPairRefs: [{name: vpc-ops-key}]
          keyPolicy: Exclusive
          sudo: passwordless
        """, LogonUser.class)).serverSideApply();
    LogonUser dev = client.resource(Serialization.unmarshal("""
        apiVersion: ecslogon.io/v1alpha1
        kind: LogonUser
        metadata: {name: vpc-dev, namespace: default}
        spec:
          instanceSelector: {matchLabels: {env: vpc-only}}
          username: dev
          passwordSecretRef: {name: dev-password}
        """, LogonUser.class)).serverSideApply();

    awaitCondition(client, ops, "Ready", "True", null);
    String publicKey = client.resources(KeyPair.class).inNamespace(NS).withName("vpc-ops-key").get().getStatus()
        .getPublicKey();
    assertThat(noroute.exec("cat", "/home/vpcops/.ssh/authorized_keys").stdout()).contains(publicKey.split(" ")[1]);
    assertThat(noroute.sh("grep -rh vpcops /etc/sudoers.d").stdout()).contains("NOPASSWD");

    LogonUser refused = Awaitility.await().atMost(Duration.ofSeconds(60)).until(
        () -> client.resource(dev).get(), user -> user.getStatus() != null && user.getStatus().getInstances() != null
            && user.getStatus().getInstances().stream().anyMatch(result -> "SecretNeedsSsh".equals(result.getReason())));
    assertThat(Serialization.asJson(refused.getStatus())).doesNotContain(PASSWORD);

    assertThat(ecs.calls("RunCommand")).as("every command went through RunCommand").hasSizeGreaterThan(2)
        .allSatisfy(call -> {
          String content = new String(Base64.getDecoder().decode(call.parameters().get("CommandContent")),
              StandardCharsets.UTF_8);
          assertThat(content).doesNotContain(PASSWORD).doesNotContain("PRIVATE KEY");
          assertThat(decodedInputs(content)).doesNotContain(PASSWORD);
        });
    assertThat(logs.lines()).noneMatch(line -> line.contains(PASSWORD) || line.contains(ACCESS_KEY_SECRET));
    assertThat(KubeObjects.eventsFor(client, refused)).noneMatch(event -> event.getMessage().contains(PASSWORD));
  }

  /** The Base64 inputs inside a Cloud Assistant script, decoded: where a leaked secret would hide. */
  private static String decodedInputs(String script) {
    StringBuilder decoded = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.matches("[A-Za-z0-9+/=]{8,}")) {
        try {
          decoded.append(new String(Base64.getMimeDecoder().decode(line), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
          // a line of the script itself
        }
      }
    }
    return decoded.toString();
  }
}
