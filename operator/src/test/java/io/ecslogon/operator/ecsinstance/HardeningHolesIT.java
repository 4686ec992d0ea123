package io.ecslogon.operator.ecsinstance;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static io.ecslogon.operator.testing.StatusConditions.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Smaller holes, each against real sshd: a malformed marker block, the fresh login's host key on a
 * first visit, a re-created EcsInstance meeting a new key, a malformed restart request, and a
 * PasswordReset whose Enable promise sshd would not keep.
 */
class HardeningHolesIT {
  private static final String MAIN = "/etc/ssh/sshd_config";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with()
      .root("marker").root("firstvisit").root("recreate").root("restartreq").root("pwroot").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @Test
  void aBeginMarkerWithoutItsEndIsRefusedWithTheMainFileUntouched() {
    Sandbox sandbox = sandboxes.get("marker");
    // Below the sandbox's Port/ListenAddress, above Include, UsePAM and Subsystem: replacing "the
    // block" would drop those and still pass sshd -t and the fresh login.
    sandbox.sh("sed -i '/^ListenAddress 127.0.0.1/a # BEGIN ecs-logon-operator' " + MAIN).orThrow("marker");
    String before = sandbox.exec("cat", MAIN).stdout();

    kube.registerInstance("marker", sandbox, "  sshd: {passwordAuthentication: false}\n");
    EcsInstance refused = awaitCondition(kube, EcsInstance.class, "marker", "SshdConfigured", "False", null);

    assertThat(reasonOf(refused, "SshdConfigured")).isEqualTo("ManagedBlockMalformed");
    assertThat(messageOf(refused, "SshdConfigured")).contains("# BEGIN ecs-logon-operator", "not one BEGIN followed by one END",
        "nothing was changed");
    assertThat(sandbox.exec("cat", MAIN).stdout()).isEqualTo(before).contains("Include", "UsePAM", "Subsystem");
    assertThat(sandbox.exec("test", "-e", MAIN + ".ecslogon-previous").exitCode()).isNotZero();
    assertThat(KubeObjects.eventsFor(kube.client(), refused))
        .anySatisfy(e -> assertThat(e.getType() + e.getReason()).isEqualTo("WarningManagedBlockMalformed"));
  }

  @Test
  void onAFirstVisitTheFreshLoginMustMeetTheKeyJustTrusted() {
    Sandbox sandbox = sandboxes.get("firstvisit");
    // A pending edit, not yet reloaded: after the operator's reload sshd serves another host key
    // (HostKey replaces the default keys), as an impostor answering the fresh login would.
    sandbox.sh("ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/impostor_ed25519_key"
        + " && printf 'HostKey /etc/ssh/impostor_ed25519_key\\n' > /etc/ssh/sshd_config.d/60-pending.conf")
        .orThrow("pending host key");
    String impostor = sandbox.exec("ssh-keygen", "-l", "-E", "sha256", "-f", "/etc/ssh/impostor_ed25519_key.pub")
        .orThrow("fingerprint").stdout().split(" ")[1];

    kube.registerInstance("firstvisit", sandbox, "  sshd: {passwordAuthentication: false}\n");
    EcsInstance rolledBack = Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
        () -> kube.get(EcsInstance.class, "firstvisit"), i -> "RolledBack".equals(reasonOf(i, "SshdConfigured")));

    assertThat(rolledBack.getStatus().getHostKeyFingerprint()).isEqualTo(sandbox.hostKeyFingerprint());
    assertThat(messageOf(rolledBack, "SshdConfigured")).contains("fresh login as root failed", impostor, sandbox.hostKeyFingerprint(),
        "was put back");
    assertThat(sandbox.exec("test", "-e", "/etc/ssh/sshd_config.d/00-ecs-logon-operator.conf").exitCode())
        .as("the drop-in that did not exist before is gone again").isNotZero();
  }

  @Test
  void aReCreatedInstanceMeetingANewKeyAtTheSameAddressIsAWarning() {
    Sandbox sandbox = sandboxes.get("recreate");
    kube.registerInstance("recreate", sandbox, "");
    EcsInstance first = awaitReady("recreate");
    assertThat(KubeObjects.eventsFor(kube.client(), first))
        .anySatisfy(e -> assertThat(e.getType() + e.getReason()).isEqualTo("NormalHostKeyRecorded"));
    kube.client().resource(first).delete();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kube.get(EcsInstance.class, "recreate") == null);
    sandbox.sh("rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && service ssh restart >/dev/null")
        .orThrow("new host keys");
    Awaitility.await("sshd back").atMost(Duration.ofSeconds(10)).until(() -> Ssh.asAdmin(sandbox, "true").exitCode() == 0);

    kube.registerInstance("recreated", sandbox, "");
    EcsInstance again = awaitReady("recreated");

    assertThat(again.getStatus().getHostKeyFingerprint()).isNotEqualTo(first.getStatus().getHostKeyFingerprint());
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(KubeObjects.eventsFor(kube.client(), again)).anySatisfy(e -> {
          assertThat(e.getType() + e.getReason()).isEqualTo("WarningHostKeyChangedAtAddress");
          assertThat(e.getMessage()).contains(first.getStatus().getHostKeyFingerprint(),
              again.getStatus().getHostKeyFingerprint(), "default/recreate", "pin spec.hostKeyFingerprint");
        }));
  }

  @Test
  void aMalformedRestartRequestIsReportedAndNeverActedOn() {
    Sandbox sandbox = sandboxes.get("restartreq");
    kube.registerInstance("restartreq", sandbox, "  restartPolicy: IfRequired\n");
    awaitReady("restartreq");
    long boots = Boots.count(sandbox);
    long rebootsBegun = Boots.rebootsBegun(sandbox);

    kube.mergePatch(EcsInstance.class, "restartreq",
        "{\"metadata\":{\"annotations\":{\"ecslogon.io/restart-request\":\"{}\"}}}");
    EcsInstance reported = kube.await(EcsInstance.class, "restartreq", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "RestartRequired", "False", "InvalidRestartRequest"));

    assertThat(TestKube.condition(reported.getStatus().getConditions(), "RestartRequired").orElseThrow().getMessage())
        .contains("ecslogon.io/restart-request", "non-empty id", "not acted on");
    Awaitility.await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> true);
    assertThat(Boots.rebootsBegun(sandbox)).isEqualTo(rebootsBegun);
    assertThat(Boots.count(sandbox)).isEqualTo(boots);
    EcsInstance later = kube.get(EcsInstance.class, "restartreq");
    assertThat(TestKube.has(later.getStatus().getConditions(), "Ready", "True", null)).isTrue();
    assertThat(later.getStatus().getLastRestart()).isNull();
    assertThat(KubeObjects.eventsFor(kube.client(), later)).filteredOn(e -> "InvalidRestartRequest".equals(e.getReason()))
        .hasSize(1).allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void enableForRootUnderProhibitPasswordFailsBeforeThePasswordChangesAndAUserGetsAProvenLogin() {
    Sandbox sandbox = sandboxes.get("pwroot");
    sandbox.sh("useradd -m -s /bin/bash alice").orThrow("user");
    String rootShadow = sandbox.exec("getent", "shadow", "root").orThrow("shadow").stdout();
    // Pinned: a password goes only to a host whose key a person vouched for.
    kube.registerInstance("pwroot", sandbox, "  hostKeyFingerprint: " + sandbox.hostKeyFingerprint() + "\n");
    awaitReady("pwroot");

    kube.apply("kind: PasswordReset\nmetadata: {name: root-enable}\nspec:\n  instanceRef: {name: pwroot}\n"
        + "  username: root\n  generate: true\n  sshPasswordAuthentication: Enable");
    PasswordReset failed = kube.await(PasswordReset.class, "root-enable", r -> r.getStatus() != null
        && "Failed".equals(String.valueOf(r.getStatus().getPhase())));

    assertThat(TestKube.condition(failed.getStatus().getConditions(), "Failed").orElseThrow().getReason())
        .isEqualTo("PasswordLoginRefused");
    var login = TestKube.condition(failed.getStatus().getConditions(), "PasswordLogin").orElseThrow();
    assertThat(login.getStatus() + login.getReason()).isEqualTo("FalseRefusedBySshd");
    assertThat(login.getMessage()).contains("PermitRootLogin without-password", "sshd -T -C user=root");
    assertThat(sandbox.exec("getent", "shadow", "root").stdout()).as("root's password untouched").isEqualTo(rootShadow);

    kube.apply("kind: PasswordReset\nmetadata: {name: alice-enable}\nspec:\n  instanceRef: {name: pwroot}\n"
        + "  username: alice\n  generate: true\n  sshPasswordAuthentication: Enable");
    PasswordReset done = kube.await(PasswordReset.class, "alice-enable", r -> r.getStatus() != null
        && "Succeeded".equals(String.valueOf(r.getStatus().getPhase())));
    assertThat(TestKube.has(done.getStatus().getConditions(), "PasswordLogin", "True", "Proven")).isTrue();
    assertThat(Ssh.passwordLogin(sandbox, "alice", password(done.getStatus().getSecretName()))).isTrue();
  }

  private static String password(String secretName) {
    Secret secret = kube.client().secrets().inNamespace("default").withName(secretName).get();
    return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
  }

  private static EcsInstance awaitReady(String name) {
    return kube.await(EcsInstance.class, name, i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
  }
}
