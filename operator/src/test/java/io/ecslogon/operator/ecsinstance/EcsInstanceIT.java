package io.ecslogon.operator.ecsinstance;

import static io.ecslogon.operator.testing.SecretSamples.privateKeyBody;
import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.conditionOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.api.v1alpha1.SecretReference;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EcsInstance against a real kube-apiserver and sandboxed instances running real sshd. */
class EcsInstanceIT {
  private static final String NS = "default";
  private static final Duration RESYNC = Duration.ofSeconds(3);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with()
      .root("web").ecsUser("app").root("rekeyed").root("pinned").root("reuse").stopped("late")
      .root("weak").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, RESYNC);

  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = controlPlane.client();
  }

  @Test
  void becomesReadyWithFactsAndRecordsTheHostKeyOnFirstUse() {
    Sandbox web = sandboxes.get("web");
    EcsInstance instance = apply("web", web, null);

    EcsInstance ready = awaitCondition(client, instance, "Ready", "True", null);

    assertThat(ready.getStatus().getHostKeyFingerprint()).isEqualTo(web.hostKeyFingerprint());
    assertThat(conditionOf(ready, "Reachable")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(conditionOf(ready, "HostKeyTrusted"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("TrustedOnFirstUse"));
    var facts = ready.getStatus().getFacts();
    assertThat(facts.getOsRelease()).isEqualTo(web.sh(". /etc/os-release; echo \"$PRETTY_NAME\"").stdout().strip());
    assertThat(facts.getBootId()).isEqualTo(web.bootId());
    assertThat(facts.getLoginUsers()).anySatisfy(user -> {
      assertThat(user.getName()).isEqualTo("root");
      assertThat(user.getUid()).isZero();
    });
    assertThat(facts.getLoginUsers()).noneSatisfy(user -> assertThat(user.getShell()).endsWith("nologin"));
    assertThat(facts.getSshd().getPubkeyAuthentication()).isEqualTo("yes");
    assertThat(facts.getSshd().getVersion()).startsWith("OpenSSH_");
    assertThat(reasons(ready)).contains("HostKeyRecorded", "Ready");
  }

  @Test
  void reusesOneConnectionAcrossResyncs() throws Exception {
    Sandbox reuse = sandboxes.get("reuse");
    EcsInstance instance = apply("reuse", reuse, reuse.hostKeyFingerprint());
    awaitCondition(client, instance, "Ready", "True", null);
    List<String> before = operatorConnectionsTo(reuse.port());

    // Three resync intervals: three more visits that must all travel over the same connection,
    // i.e. the same client port, with no new connection beside it.
    Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(4)).until(() -> true);

    assertThat(before).hasSize(1);
    assertThat(operatorConnectionsTo(reuse.port())).isEqualTo(before);
  }

  @Test
  void adminCredentialsNeverReachLogsEventsOrStatus() {
    Sandbox web = sandboxes.get("web");
    EcsInstance instance = apply("secretcheck", web, null);
    awaitCondition(client, instance, "Ready", "True", null);
    String keyBody = privateKeyBody(web.adminPrivateKey());

    assertThat(logs.lines()).as("log lines").isNotEmpty().noneMatch(line -> line.contains(keyBody));
    assertThat(KubeObjects.eventsFor(client, instance)).noneMatch(e -> e.getMessage().contains(keyBody));
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(client.resource(instance).get().getStatus()))
        .doesNotContain(keyBody);
  }

  /** A long run from the middle of the key's base64: any leak of the key would include it. */
  @Test
  void managesAnInstanceThroughASudoerWhenRootLoginIsRefused() {
    Sandbox app = sandboxes.get("app");
    EcsInstance ready = awaitCondition(client, apply("app", app, null), "Ready", "True", null);

    assertThat(ready.getStatus().getFacts().getSshd().getPermitRootLogin()).isEqualTo("no");
    assertThat(ready.getStatus().getFacts().getLoginUsers()).extracting("name").contains("ecs-user");
  }

  @Test
  void aPinnedFingerprintIsVerified() {
    Sandbox pinned = sandboxes.get("pinned");
    EcsInstance ready = awaitCondition(client, apply("pinned", pinned, pinned.hostKeyFingerprint()), "Ready", "True", null);

    assertThat(conditionOf(ready, "HostKeyTrusted")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Pinned"));
  }

  @Test
  void aChangedHostKeyIsRefusedBeforeAuthenticating() {
    Sandbox rekeyed = sandboxes.get("rekeyed");
    EcsInstance instance = apply("rekeyed", rekeyed, null);
    awaitCondition(client, instance, "Ready", "True", null);

    // Someone swaps the host's keys (or something answers in its place). sshd logs verbosely to a
    // file from now on, so we can see what the operator's next connection did and did not do.
    rekeyed.sh("rm -f /etc/ssh/ssh_host_* && ssh-keygen -A"
        + " && echo 'SSHD_OPTS=\"-E /var/log/sshd-verbose.log -o LogLevel=VERBOSE\"' > /etc/default/ssh"
        + " && service ssh restart").orThrow("rekey");

    EcsInstance refused = awaitCondition(client, instance, "HostKeyTrusted", "False", null);

    assertThat(conditionOf(refused, "HostKeyTrusted")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("HostKeyMismatch");
      assertThat(c.getMessage()).contains(rekeyed.hostKeyFingerprint());
    });
    assertThat(conditionOf(refused, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(refused.getStatus().getHostKeyFingerprint()).as("still the trusted key").isEqualTo(rekeyed.hostKeyFingerprint());
    assertThat(KubeObjects.eventsFor(client, refused))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("HostKeyMismatch");
        });
    String sshdLog = rekeyed.exec("cat", "/var/log/sshd-verbose.log").orThrow("read sshd log").stdout();
    assertThat(sshdLog).as("the operator connected").contains("Connection from 127.0.0.1");
    assertThat(sshdLog).as("but never offered credentials")
        .doesNotContain("publickey").doesNotContain("Accepted").doesNotContain("Failed").doesNotContain("password");
    // The log would have shown it: a real login by key leaves exactly such a line.
    Ssh.asAdmin(rekeyed, "true").orThrow("admin login");
    assertThat(rekeyed.exec("cat", "/var/log/sshd-verbose.log").stdout()).contains("Accepted publickey for root");
  }

  @Test
  void anUnreachableInstanceReportsItAndRecoversOnceItStarts() {
    Sandbox late = sandboxes.get("late");
    EcsInstance instance = apply("late", late, null);

    EcsInstance unreachable = awaitCondition(client, instance, "Reachable", "False", null);
    assertThat(conditionOf(unreachable, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("Unreachable");
      assertThat(c.getMessage()).contains("127.0.0.1:" + late.port());
    });
    assertThat(reasons(unreachable)).contains("Unreachable");

    late.start();

    EcsInstance ready = awaitCondition(client, instance, "Ready", "True", null);
    assertThat(ready.getStatus().getHostKeyFingerprint()).isEqualTo(late.hostKeyFingerprint());
  }

  @Test
  void aMissingAdminSecretIsReportedAndPickedUpOnceCreated() {
    Sandbox web = sandboxes.get("web");
    EcsInstance instance = client.resource(instance("nosecret", web, "nosecret-admin", null)).serverSideApply();

    EcsInstance waiting = awaitCondition(client, instance, "Ready", "False", null);
    assertThat(conditionOf(waiting, "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("AdminSecretNotFound"));

    client.resource(KubeObjects.sshAuthSecret(NS, "nosecret-admin", web.adminPrivateKey())).serverSideApply();

    awaitCondition(client, instance, "Ready", "True", null);
  }

  @Test
  void aSecretWithoutUsableCredentialsIsReportedWithoutItsContent() {
    Sandbox web = sandboxes.get("web");
    client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName("empty-admin").withNamespace(NS).addToLabels(KubeObjects.USAGE, "admin-credentials")
        .endMetadata()
        .withType("Opaque").addToStringData("token", "s3cr3t-value").build()).serverSideApply();
    EcsInstance instance = client.resource(instance("badsecret", web, "empty-admin", null)).serverSideApply();

    EcsInstance invalid = awaitCondition(client, instance, "Ready", "False", null);

    assertThat(conditionOf(invalid, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("AdminSecretInvalid");
      assertThat(c.getMessage()).contains("ssh-privatekey").doesNotContain("s3cr3t-value");
    });
  }

  /** Client ends (address:port) of the established TCP connections to a sandbox's sshd. */
  private static List<String> operatorConnectionsTo(int port) throws Exception {
    Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )").start();
    String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    ss.waitFor();
    return out.lines().filter(line -> !line.isBlank())
        .map(line -> line.trim().split("\\s+"))
        .map(columns -> columns[columns.length - 1])
        .sorted().toList();
  }

  @Test
  void anSshServerOfferingOnlyWeakKeyExchangeIsReportedAsSuchNotAsUnreachable() {
    Sandbox weak = sandboxes.get("weak");
    weak.restartSshdWith("KexAlgorithms diffie-hellman-group14-sha1,diffie-hellman-group1-sha1");

    EcsInstance refused = awaitCondition(client, apply("weak", weak, null), "Ready", "False", "AlgorithmsRefused");

    assertThat(conditionOf(refused, "Ready")).hasValueSatisfying(c -> assertThat(c.getMessage())
        .contains("key exchange").contains("diffie-hellman-group14-sha1"));
    assertThat(conditionOf(refused, "Reachable")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

    // The server's sshd changed by a person: the next visit logs on.
    weak.restartSshdWith("KexAlgorithms curve25519-sha256");
    awaitCondition(client, refused, "Ready", "True", null);
  }

  private EcsInstance apply(String name, Sandbox sandbox, String pinnedFingerprint) {
    client.resource(KubeObjects.sshAuthSecret(NS, name + "-admin", sandbox.adminPrivateKey())).serverSideApply();
    return client.resource(instance(name, sandbox, name + "-admin", pinnedFingerprint)).serverSideApply();
  }

  private static EcsInstance instance(String name, Sandbox sandbox, String secretName, String pinnedFingerprint) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setAddress(sandbox.address());
    spec.setPort(sandbox.port());
    spec.setAdminUser(sandbox.adminUser());
    spec.setAdminCredentialsSecretRef(new SecretReference(secretName));
    spec.setHostKeyFingerprint(pinnedFingerprint);
    instance.setSpec(spec);
    return instance;
  }



  private static List<String> reasons(EcsInstance instance) {
    return KubeObjects.eventsFor(client, instance).stream().map(Event::getReason).toList();
  }
}
