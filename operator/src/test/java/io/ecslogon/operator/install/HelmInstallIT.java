package io.ecslogon.operator.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.EcsLogonOperator;
import io.ecslogon.operator.OperatorConfig;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.Helm;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `helm install` into the real test API server, then the operator in this process authenticated
 * as the chart's ServiceAccount (impersonation, so RBAC decides exactly as for the real pod): the
 * quickstart scenarios work with what the chart grants, and what it does not grant is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallIT {
  private static final String SYSTEM = "ecslogon-system";
  private static final String APPS = "apps";
  private static final String SERVICE_ACCOUNT = "system:serviceaccount:" + SYSTEM + ":ecs-logon-operator";

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("web").build();

  @TempDir
  static Path dir;

  private static KubernetesClient asOperator;
  private static EcsLogonOperator operator;
  private static final TestKube kube = new TestKube(controlPlane, APPS);

  @BeforeAll
  static void install() throws IOException {
    KubernetesClient admin = controlPlane.client();
    // The release namespace enforces the Pod Security "restricted" profile.
    admin.resource(new NamespaceBuilder().withNewMetadata().withName(SYSTEM)
        .addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build()).create();
    for (String name : new String[] {APPS, "other"}) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, controlPlane.kubeconfigYaml());
    Helm.run("install", "ecs-logon-operator", Helm.CHART.toString(), "--kubeconfig", kubeconfig.toString(),
        "--namespace", SYSTEM, "--set", "watchNamespaces={" + APPS + "}").orThrow();

    asOperator = new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
        .withImpersonateUsername(SERVICE_ACCOUNT)
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + SYSTEM, "system:authenticated")
        .build()).build();
    OperatorConfig config = OperatorConfig.defaults()
        .withResyncInterval(Duration.ofSeconds(2))
        .withWatchNamespaces(Set.of(APPS))
        .withMetricsPort(0)
        .withLeaderElection(new OperatorConfig.LeaderElection(true, SYSTEM, "in-test", Duration.ofSeconds(15),
            Duration.ofSeconds(10), Duration.ofSeconds(2), false));
    operator = EcsLogonOperator.create(asOperator, config, Clock.systemUTC());
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (asOperator != null) {
      asOperator.close();
    }
  }

  @Test
  @Order(1)
  void theChartsObjectsAreInstalledAndItsPodIsAdmittedByTheRestrictedProfile() {
    KubernetesClient admin = controlPlane.client();
    Deployment deployment = admin.apps().deployments().inNamespace(SYSTEM).withName("ecs-logon-operator").get();
    assertThat(deployment).isNotNull();
    assertThat(admin.serviceAccounts().inNamespace(SYSTEM).withName("ecs-logon-operator").get()).isNotNull();
    assertThat(admin.rbac().roles().inNamespace(APPS).withName("ecs-logon-operator").get()).isNotNull();
    assertThat(admin.rbac().roles().inNamespace(SYSTEM).withName("ecs-logon-operator-leader-election").get())
        .isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("ecs-logon-operator").get()).isNull();
    assertThat(admin.services().inNamespace(SYSTEM).withName("ecs-logon-operator-metrics").get()).isNotNull();

    // No kubelet runs here, so admission is asked directly: the Deployment's pod, as a Pod.
    Pod pod = new PodBuilder().withNewMetadata().withName("operator-pod").withNamespace(SYSTEM).endMetadata()
        .withSpec(deployment.getSpec().getTemplate().getSpec()).build();
    admin.resource(pod).dryRun().create();
    // ...and the profile really is enforced: the same pod allowed to escalate is refused.
    Pod escalating = new PodBuilder(pod).editSpec().editFirstContainer().editSecurityContext()
        .withAllowPrivilegeEscalation(true).endSecurityContext().endContainer().endSpec().build();
    assertThatThrownBy(() -> admin.resource(escalating).dryRun().create())
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("restricted");
  }

  @Test
  @Order(2)
  void theQuickstartScenariosWorkWithExactlyTheChartsPermissions() {
    Sandbox web = sandboxes.get("web");
    controlPlane.client().resource(KubeObjects.sshAuthSecret(APPS, "web-admin", web.adminPrivateKey())).create();
    kube.registerInstance("web", web, TestKube.pinnedHostKey(web)
        + "  restartPolicy: IfRequired\n  sshd: {permitRootLogin: prohibit-password}\n");
    kube.apply("kind: KeyPair\nmetadata: {name: deploy-key}\nspec: {type: ed25519}");
    kube.apply("kind: LogonUser\nmetadata: {name: deploy}\nspec:\n  instanceRef: {name: web}\n  username: deploy\n"
        + "  keyPairRefs: [{name: deploy-key}]\n  sudo: passwordless");

    kube.await(EcsInstance.class, "web", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null)
        && TestKube.has(i.getStatus().getConditions(), "SshdConfigured", "True", null));
    kube.await(KeyPair.class, "deploy-key", k -> k.getStatus() != null && k.getStatus().getFingerprint() != null);
    kube.await(LogonUser.class, "deploy", u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));
    kube.apply("kind: PasswordReset\nmetadata: {name: deploy-offline}\nspec:\n  instanceRef: {name: web}\n"
        + "  username: deploy\n  generate: true\n  method: Offline\n  ttlSecondsAfterFinished: 1");
    PasswordReset reset = kube.await(PasswordReset.class, "deploy-offline", Duration.ofSeconds(90),
        r -> r.getStatus() != null && r.getStatus().getPhase() == ResetPhase.Succeeded);
    String password = new String(Base64.getDecoder().decode(controlPlane.client().secrets().inNamespace(APPS)
        .withName(reset.getStatus().getSecretName()).get().getData().get("password")));

    assertThat(Ssh.passwordLogin(web, "deploy", password)).isTrue();
    assertThat(kube.get(EcsInstance.class, "web").getStatus().getLastRestart().getCompletedAt()).isNotNull();
    assertThat(KubeObjects.eventsFor(controlPlane.client(), kube.get(LogonUser.class, "deploy"))).isNotEmpty();
    org.awaitility.Awaitility.await("deleted after its TTL").atMost(Duration.ofSeconds(20))
        .until(() -> kube.get(PasswordReset.class, "deploy-offline") == null);
    assertThat(logs.lines()).as("nothing the operator tried was forbidden")
        .noneMatch(line -> line.contains("is forbidden"));
    assertThat(controlPlane.client().leases().inNamespace(SYSTEM).withName(OperatorConfig.LeaderElection.LEASE_NAME)
        .get().getSpec().getHolderIdentity()).isEqualTo("in-test");
  }

  @Test
  @Order(3)
  void whatTheChartDoesNotGrantIsRefused() {
    controlPlane.client().resource(KubeObjects.basicAuthSecret("other", "not-yours", "root", "Secret-Passw0rd!"))
        .create();

    assertForbidden(() -> asOperator.secrets().inNamespace("other").withName("not-yours").get());
    assertForbidden(() -> asOperator.secrets().inAnyNamespace().list());
    assertForbidden(() -> asOperator.pods().inNamespace(APPS).list());
    assertForbidden(() -> asOperator.apiextensions().v1().customResourceDefinitions()
        .withName("ecsinstances.ecslogon.io").delete());
    assertForbidden(() -> asOperator.resources(EcsInstance.class).inNamespace("other").list());
    assertForbidden(() -> asOperator.rbac().roles().inNamespace(APPS).list());
    assertThat(asOperator.secrets().inNamespace(APPS).list().getItems()).isNotEmpty();
  }

  private static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
        e -> assertThat(e.getCode()).isEqualTo(403));
  }

}
