package io.ecslogon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.ExampleManifests;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/sshd-hardening/ and examples/password-resets/ applied as-is on top of
 * examples/quickstart/, on sandboxes at free ports (the EcsInstances' spec.port is rewritten, so
 * this runs while hack/quickstart.sh is up).
 */
class ScenarioExamplesIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web-1").ecsUser("web-2").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(3));

  private static final TestKube kube = new TestKube(controlPlane, "default");

  private ExampleManifests examples;

  @Test
  void hardenWeb1ThenResetPasswordsOnlineAndOffline() throws IOException {
    Sandbox web1 = sandboxes.get("web-1");
    Sandbox web2 = sandboxes.get("web-2");
    KubernetesClient client = kube.client();
    client.resource(KubeObjects.sshAuthSecret("default", "web-1-admin", web1.adminPrivateKey())).create();
    client.resource(KubeObjects.sshAuthSecret("default", "web-2-admin", web2.adminPrivateKey())).create();
    web1.sh("useradd -m -s /bin/bash erin && echo 'erin:Erin-Passw0rd!' | chpasswd").orThrow("a password user");
    long web1Boots = Boots.count(web1);
    examples = new ExampleManifests(client, "default", Map.of("web-1", web1, "web-2", web2));
    examples.apply("examples/quickstart");
    assertThat(Ssh.passwordLogin(web1, "erin", "Erin-Passw0rd!")).as("before hardening").isTrue();

    examples.apply("examples/sshd-hardening");
    kube.await(EcsInstance.class, "web-1", i -> i.getStatus() != null
        && (TestKube.has(i.getStatus().getConditions(), "SshdConfigured", "True", "Applied")
            || TestKube.has(i.getStatus().getConditions(), "SshdConfigured", "True", "InSync")));
    assertThat(Ssh.passwordLogin(web1, "erin", "Erin-Passw0rd!")).as("keys only now").isFalse();
    assertThat(Ssh.asAdmin(web1, "true").exitCode()).isZero();
    assertThat(web1.exec("sshd", "-T").stdout()).contains("passwordauthentication no", "pubkeyauthentication yes",
        "permitrootlogin without-password");

    examples.apply("examples/password-resets");
    PasswordReset online = awaitSucceeded("ecs-user-web-2");
    PasswordReset offline = awaitSucceeded("root-web-1");

    assertThat(Ssh.passwordLogin(web2, "ecs-user", password(online))).isTrue();
    assertThat(web2.exec("sshd", "-T").stdout()).contains("passwordauthentication yes");
    assertThat(offline.getStatus().getUsername()).isEqualTo("root");
    assertThat(kube.get(EcsInstance.class, "web-1").getStatus().getLastRestart().getRequestedBy())
        .isEqualTo("PasswordReset/root-web-1");
    assertThat(Boots.count(web1) - web1Boots).isEqualTo(1);
    // Hardened web-1 still refuses root's (new) password over SSH; its key works after the restart.
    assertThat(Ssh.passwordLogin(web1, "root", password(offline))).isFalse();
    assertThat(Ssh.asAdmin(web1, "true").exitCode()).isZero();
  }

  private static PasswordReset awaitSucceeded(String name) {
    return kube.await(PasswordReset.class, name, Duration.ofSeconds(120),
        r -> r.getStatus() != null && r.getStatus().getPhase() == ResetPhase.Succeeded);
  }

  private static String password(PasswordReset reset) {
    return new String(Base64.getDecoder().decode(kube.client().secrets().inNamespace("default")
        .withName(reset.getStatus().getSecretName()).get().getData().get("password")));
  }
}
