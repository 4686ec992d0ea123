package io.ecslogon.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.Helm;
import io.ecslogon.operator.testing.RepoRoot;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end in a real cluster: the operator image built from the repository's Dockerfile, the
 * chart installed into k3s (Testcontainers) with its defaults (watching namespace default), an sshd "instance" running as a Pod,
 * and the quickstart scenario (an EcsInstance becomes Ready, a KeyPair-backed LogonUser is
 * applied on it) carried out by the operator Pod under the chart's RBAC. Needs a Docker engine:
 * without one it is skipped with the reason. Not part of .ci/run (the CI machines have no Docker);
 * run it with hack/e2e-k3s.sh.
 */
class K3sChartE2E {
  private static final String K3S_IMAGE = System.getProperty("ecslogon.k3sImage", "rancher/k3s:v1.34.1-k3s1");

  @TempDir
  Path dir;

  @Test
  void theChartRunsTheQuickstartInsideK3s() throws Exception {
    Assumptions.assumeTrue(dockerAvailable(), "skipped: no Docker engine reachable; this end-to-end suite runs"
        + " k3s and builds images with Docker (hack/e2e-k3s.sh), so it is not part of .ci/run");
    String operatorImage = new ImageFromDockerfile("ecs-logon-operator:e2e", false)
        .withDockerfile(RepoRoot.path().resolve("Dockerfile")).get();
    String sshdImage = new ImageFromDockerfile("ecslogon-e2e-sshd:e2e", false)
        .withDockerfileFromBuilder(image -> image.from("debian:bookworm-slim")
            .run("apt-get update && apt-get install -y --no-install-recommends openssh-server"
                + " && mkdir -p /run/sshd /root/.ssh && chmod 700 /root/.ssh && ssh-keygen -A")
            .cmd("/usr/sbin/sshd", "-D", "-e")
            .build())
        .get();

    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE))) {
      k3s.start();
      load(k3s, operatorImage);
      load(k3s, sshdImage);
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
      Helm.run("install", "ecs-logon-operator", Helm.CHART.toString(), "--kubeconfig", kubeconfig.toString(),
          "--namespace", "ecslogon-system", "--create-namespace", "--wait", "--timeout", "5m",
          "--set", "image.repository=docker.io/library/ecs-logon-operator", "--set", "image.tag=e2e",
          "--set", "image.pullPolicy=Never", "--set", "watchNamespaces={default}").orThrow();

      try (KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
        Deployment operator = client.apps().deployments().inNamespace("ecslogon-system")
            .withName("ecs-logon-operator").get();
        assertThat(operator.getStatus().getReadyReplicas()).isEqualTo(1);

        startInstance(client, sshdImage);
        apply(client, "kind: EcsInstance\nmetadata: {name: web-1, namespace: default}\nspec:\n"
            + "  address: web-1.default.svc.cluster.local\n  adminUser: root\n"
            + "  adminCredentialsSecretRef: {name: web-1-admin}\n  sshd: {permitRootLogin: prohibit-password}");
        EcsInstance ready = Awaitility.await("web-1 Ready").atMost(Duration.ofMinutes(3)).ignoreExceptions()
            .until(() -> client.resources(EcsInstance.class).inNamespace("default").withName("web-1").get(),
                i -> i.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(ready.getStatus().getFacts().getOsId()).isEqualTo("debian");

        apply(client, "kind: KeyPair\nmetadata: {name: deploy-key, namespace: default}\nspec: {type: ed25519}");
        apply(client, "kind: LogonUser\nmetadata: {name: deploy, namespace: default}\nspec:\n"
            + "  instanceRef: {name: web-1}\n  username: deploy\n  keyPairRefs: [{name: deploy-key}]");
        Awaitility.await("deploy 1/1").atMost(Duration.ofMinutes(2)).ignoreExceptions()
            .until(() -> client.resources(LogonUser.class).inNamespace("default").withName("deploy").get()
                .getStatus().getReady(), "1/1"::equals);
        assertThat(client.pods().inNamespace("default").withName("web-1")
            .file("/home/deploy/.ssh/authorized_keys").read()).isNotNull();
      }
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** k3s cannot pull images built here: they are saved with Docker and imported into its containerd. */
  private void load(K3sContainer k3s, String image) throws IOException, InterruptedException {
    Path tar = dir.resolve(image.replaceAll("[^a-z0-9]", "_") + ".tar");
    try (InputStream saved = DockerClientFactory.instance().client().saveImageCmd(image).exec()) {
      Files.copy(saved, tar);
    }
    k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
    var imported = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
    assertThat(imported.getExitCode()).as(imported.getStderr()).isZero();
  }

  /** An sshd Pod and Service named web-1, whose root accepts a key generated here. */
  private void startInstance(KubernetesClient client, String sshdImage) throws Exception {
    Path key = dir.resolve("admin_key");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
    assertThat(keygen.waitFor()).isZero();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("web-1-keys").withNamespace("default")
        .endMetadata().addToData("authorized_keys", Files.readString(dir.resolve("admin_key.pub"))).build()).create();
    client.resource(new SecretBuilder().withNewMetadata().withName("web-1-admin").withNamespace("default")
        .addToLabels("ecslogon.io/usage", "admin-credentials").endMetadata()
        .withType("kubernetes.io/ssh-auth").addToStringData("ssh-privatekey", Files.readString(key)).build()).create();
    client.resource(new PodBuilder().withNewMetadata().withName("web-1").withNamespace("default")
        .addToLabels("app", "web-1").endMetadata()
        .withNewSpec()
        .addNewContainer().withName("sshd").withImage(sshdImage).withImagePullPolicy("Never")
        .addNewPort().withContainerPort(22).endPort()
        .addNewVolumeMount().withName("keys").withMountPath("/root/.ssh/authorized_keys")
        .withSubPath("authorized_keys").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("keys").withNewConfigMap().withName("web-1-keys").endConfigMap().endVolume()
        .endSpec().build()).create();
    client.resource(new ServiceBuilder().withNewMetadata().withName("web-1").withNamespace("default").endMetadata()
        .withNewSpec().withSelector(Map.of("app", "web-1")).addNewPort().withPort(22).endPort().endSpec().build())
        .create();
    client.pods().inNamespace("default").withName("web-1").waitUntilReady(3, java.util.concurrent.TimeUnit.MINUTES);
  }

  private static void apply(KubernetesClient client, String yaml) {
    client.resource((HasMetadata) Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\n" + yaml))
        .serverSideApply();
  }
}
