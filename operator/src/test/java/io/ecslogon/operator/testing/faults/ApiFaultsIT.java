package io.ecslogon.operator.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ApiServerFaults} through the real kube-apiserver: the chosen user's writes get the
 * injected 409, 500 and delay while a window is open, and go through after it; the test's own
 * client is never touched; closing leaves the cluster as it was.
 */
class ApiFaultsIT {
  private static final String NS = "faults";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  private static ApiUser operatorUser;
  /** Without the client's own retries, so every write is one request and a 500 reaches the test. */
  private static KubernetesClient operator;

  @BeforeAll
  static void createUserAndNamespace() {
    admin().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    operatorUser = ApiUser.create(controlPlane, "operator");
    Config config = Config.fromKubeconfig(operatorUser.kubeconfigYaml());
    config.setRequestRetryBackoffLimit(0);
    operator = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterAll
  static void closeClient() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void theUsersOwnIdentityIsTheOneTheWebhookSees() {
    try (ApiServerFaults faults = ApiServerFaults.start(admin(), ApiServerFaults.byUser(operatorUser.username()))) {
      operator.resource(secret("whoami")).create();

      assertThat(faults.injected()).containsEntry(Fault.PASS, 1L);
      assertThat(faults.untargeted()).isZero();
    }
  }

  @Test
  void aConflictWindowRefusesTheUsersWritesWith409UntilItEnds() throws InterruptedException {
    admin().resource(keyPair("kept")).create();
    try (ApiServerFaults faults = ApiServerFaults.start(admin(), ApiServerFaults.byUser(operatorUser.username()))) {
      long windowStart = System.nanoTime();
      faults.conflictFor(Duration.ofSeconds(2));

      assertRefused(() -> operator.resource(keyPair("refused")).create(), 409, "injected conflict");
      assertRefused(() -> operator.resources(KeyPair.class).inNamespace(NS).withName("kept").delete(), 409,
          "injected conflict");
      assertThat(admin().resources(KeyPair.class).inNamespace(NS).withName("kept").get()).isNotNull();
      assertThat(operator.resources(KeyPair.class).inNamespace(NS).withName("refused").get()).isNull();
      admin().resource(keyPair("by-the-test")).create();

      Thread.sleep(Math.max(0, Duration.ofSeconds(2).toMillis() - (System.nanoTime() - windowStart) / 1_000_000 + 100));
      operator.resource(keyPair("refused")).create();

      assertThat(faults.injected()).containsEntry(Fault.CONFLICT, 2L).containsEntry(Fault.PASS, 1L);
      assertThat(faults.untargeted()).isEqualTo(1);
    }
  }

  @Test
  void anErrorWindowAnswers500ToStatusPatchesUntilPass() {
    admin().resource(keyPair("erring")).create();
    try (ApiServerFaults faults = ApiServerFaults.start(admin(), ApiServerFaults.byUser(operatorUser.username()))) {
      faults.errorFor(Duration.ofMinutes(5));

      assertRefused(() -> patchStatus(operator, "erring", "SHA256:first"), 500, "injected error");
      assertThat(admin().resources(KeyPair.class).inNamespace(NS).withName("erring").get().getStatus()).isNull();
      patchStatus(admin(), "erring", "SHA256:by-the-test");

      faults.pass();
      patchStatus(operator, "erring", "SHA256:after-pass");

      assertThat(admin().resources(KeyPair.class).inNamespace(NS).withName("erring").get().getStatus().getFingerprint())
          .isEqualTo("SHA256:after-pass");
      assertThat(faults.injected()).containsEntry(Fault.ERROR, 1L).containsEntry(Fault.PASS, 1L);
      assertThat(faults.untargeted()).isEqualTo(1);
    }
  }

  @Test
  void theClientsOwnRetriesRideOutAShortErrorWindow() {
    try (ApiServerFaults faults = ApiServerFaults.start(admin(), ApiServerFaults.byUser(operatorUser.username()));
        KubernetesClient retrying = operatorUser.newClient()) {
      faults.errorFor(Duration.ofSeconds(1));

      long took = millisToRun(() -> retrying.resource(secret("retried")).create());

      assertThat(took).isGreaterThanOrEqualTo(1000);
      assertThat(faults.injected().get(Fault.ERROR)).isGreaterThanOrEqualTo(2);
      assertThat(faults.injected()).containsEntry(Fault.PASS, 1L);
    }
  }

  @Test
  void aSlowWindowDelaysOnlyTheUsersWrites() {
    Duration delay = Duration.ofMillis(1500);
    try (ApiServerFaults faults = ApiServerFaults.start(admin(), ApiServerFaults.byUser(operatorUser.username()))) {
      faults.slowFor(Duration.ofMinutes(5), delay);

      long usersWrite = millisToRun(() -> operator.resource(secret("slow")).create());
      long testsWrite = millisToRun(() -> admin().resource(secret("fast")).create());
      faults.pass();
      long afterPass = millisToRun(() -> operator.resource(secret("fast-again")).create());

      assertThat(usersWrite).isGreaterThanOrEqualTo(delay.toMillis());
      assertThat(testsWrite).isLessThan(delay.toMillis());
      assertThat(afterPass).isLessThan(delay.toMillis());
      assertThat(faults.injected()).containsEntry(Fault.SLOW, 1L).containsEntry(Fault.PASS, 1L);
    }
  }

  @Test
  void everyoneTakesInTheTestsOwnClientAndClosingStillWorksMidWindow() {
    ApiServerFaults faults = ApiServerFaults.start(admin(), ApiServerFaults.everyone());
    String name = faults.configurationName();
    assertThat(admin().resources(ValidatingWebhookConfiguration.class).withName(name).get()).isNotNull();
    faults.conflictFor(Duration.ofMinutes(5));
    assertRefused(() -> admin().resource(secret("everyone")).create(), 409, "injected conflict");

    faults.close();

    assertThat(admin().resources(ValidatingWebhookConfiguration.class).withName(name).get()).isNull();
    admin().resource(secret("everyone")).create();
    operator.resource(secret("everyone-too")).create();
    assertThat(faults.injected()).containsEntry(Fault.CONFLICT, 1L);
  }

  private static KubernetesClient admin() {
    return controlPlane.client();
  }

  private static void assertRefused(Runnable write, int code, String message) {
    KubernetesClientException refused = catchThrowableOfType(write::run, KubernetesClientException.class);
    assertThat(refused).as("the write was refused").isNotNull();
    assertThat(refused.getCode()).isEqualTo(code);
    assertThat(refused.getMessage()).contains(message);
  }

  private static void patchStatus(KubernetesClient client, String name, String fingerprint) {
    client.resources(KeyPair.class).inNamespace(NS).withName(name).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"fingerprint\":\"" + fingerprint + "\"}}");
  }

  private static long millisToRun(Runnable write) {
    long start = System.nanoTime();
    write.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static KeyPair keyPair(String name) {
    return Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\nkind: KeyPair\nmetadata: {name: " + name
        + ", namespace: " + NS + "}\nspec: {}\n", KeyPair.class);
  }

  private static Secret secret(String name) {
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .addToStringData("note", "written by ApiFaultsIT").build();
  }
}
