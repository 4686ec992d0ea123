package io.ecslogon.operator.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforce on a real sandbox, switched on from Audit: the first visit only previews (the instance
 * unchanged), the next removes the unrecognised keys from every file (the admin's, the managed
 * block and an allowed key kept), locks preset and unknown users' passwords without deleting
 * anyone, turns password logins off through the safe sshd path, and everyone declared still logs in.
 */
class ComplianceEnforceIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("enforced").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(4));

  private static final TestKube kube = new TestKube(controlPlane, "default");
  private static final String PLANTED_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqun3vYAPi0XL9UKh190V3tr3Gf2UvcY27fc0ZCqMRg mallory@evil";
  private static final String PLANTED_KEY_3 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIbCDKlzty3crWwjoBN/zO6tCTAb/Sr/L1vcKnzMIPE6 mallory@keys2";
  private static final String ALLOWED_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAkRD1cBATCL8jY/4k/to6/E4JfBWj8I6qoF6KAqZMV/ break-glass";
  private static final String ALLOWED_FP = "SHA256:KZwluhttFibMvVELTDnW92WTYnx6DJQw6tjcz0ZQN2Q";

  @TempDir
  Path dir;

  @Test
  void enforcePreviewsOnceThenRemovesAndLocksWhatNobodyDeclaredAndEveryoneDeclaredStillLogsIn() throws Exception {
    Sandbox sandbox = sandboxes.get("enforced");
    ImageAccounts.lockEveryPassword(sandbox);
    sandbox.sh("useradd -m -s /bin/bash preset").orThrow("an image account");
    String allowed = ImageAccounts.allowedUsers(sandbox);
    kube.apply("kind: KeyPair\nmetadata: {name: alice-key}\nspec: {type: ed25519}");
    kube.apply("kind: LogonUser\nmetadata: {name: alice}\nspec:\n  instanceRef: {name: enforced}\n  username: alice\n"
        + "  keyPairRefs: [{name: alice-key}]\n  sudo: passwordless");
    kube.registerInstance("enforced", sandbox, "  compliance:\n    mode: Audit\n    allowedUsers: [" + allowed
        + "]\n    allowedKeyFingerprints: ['" + ALLOWED_FP + "']\n");
    kube.await(LogonUser.class, "alice", Duration.ofSeconds(60),
        u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));

    sandbox.sh("useradd -m -s /bin/bash intruder && echo 'intruder:Intruder-Pass-1' | chpasswd"
        + " && echo 'preset:Preset-Pass-1' | chpasswd"
        + " && echo '" + PLANTED_KEY + "' >> /root/.ssh/authorized_keys"
        + " && echo '" + ALLOWED_KEY + "' >> /root/.ssh/authorized_keys"
        + " && echo '" + PLANTED_KEY_3 + "' >> /root/.ssh/authorized_keys2"
        + " && echo '" + PLANTED_KEY + "' >> /home/alice/.ssh/authorized_keys").orThrow("plant");
    kube.await(EcsInstance.class, "enforced", Duration.ofSeconds(30), i -> i.getStatus().getCompliance() != null
        && i.getStatus().getCompliance().getCounts() != null
        && Integer.valueOf(3).equals(i.getStatus().getCompliance().getCounts().get("UnrecognisedAuthorizedKey")));
    assertThat(sandbox.exec("sshd", "-T").stdout()).contains("passwordauthentication yes");
    String rootKeysBefore = sandbox.exec("cat", "/root/.ssh/authorized_keys").stdout();

    kube.mergePatch(EcsInstance.class, "enforced", "{\"spec\":{\"compliance\":{\"mode\":\"Enforce\"}}}");

    // First visit in Enforce: a preview, and nothing changed yet.
    EcsInstance previewed = kube.await(EcsInstance.class, "enforced", Duration.ofSeconds(30),
        i -> i.getStatus().getCompliance().getPreview() != null);
    assertThat(sandbox.exec("cat", "/root/.ssh/authorized_keys").stdout()).isEqualTo(rootKeysBefore);
    assertThat(previewed.getStatus().getCompliance().getPreview()).containsExactlyInAnyOrder(
        "removed 1 unrecognised key(s) from /root/.ssh/authorized_keys",
        "removed 1 unrecognised key(s) from /root/.ssh/authorized_keys2",
        "removed 1 unrecognised key(s) from /home/alice/.ssh/authorized_keys",
        "locked the password of intruder (PasswordSet/intruder)",
        "locked the password of preset (PasswordSet/preset)",
        ComplianceVisit.PASSWORD_LOGINS_OFF);
    assertThat(told(previewed, "ComplianceEnforcementPreview")).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("locked the password of intruder"));

    // The next visit acts.
    EcsInstance enforced = kube.await(EcsInstance.class, "enforced", Duration.ofSeconds(30),
        i -> i.getStatus().getCompliance().getCounts() == null
            || !i.getStatus().getCompliance().getCounts().containsKey("UnrecognisedAuthorizedKey"));
    assertThat(sandbox.exec("cat", "/root/.ssh/authorized_keys").stdout())
        .contains(sandbox.adminPublicKey().split(" ")[1], ALLOWED_KEY).doesNotContain("mallory");
    assertThat(sandbox.exec("cat", "/root/.ssh/authorized_keys2").stdout()).doesNotContain("mallory");
    assertThat(sandbox.exec("cat", "/home/alice/.ssh/authorized_keys").stdout())
        .contains("# BEGIN ecs-logon-operator keys of LogonUser default/alice").doesNotContain("mallory");
    assertThat(sandbox.exec("stat", "-c", "%a %U", "/home/alice/.ssh/authorized_keys").stdout()).isEqualTo("600 alice\n");
    assertThat(sandbox.sh("awk -F: '$1 == \"intruder\" || $1 == \"preset\" {print $1, substr($2, 1, 1)}' /etc/shadow")
        .stdout()).isEqualTo("preset !\nintruder !\n");
    assertThat(sandbox.exec("getent", "passwd", "intruder").exitCode()).as("never deleted").isZero();
    assertThat(Ssh.passwordLogin(sandbox, "preset", "Preset-Pass-1")).isFalse();
    Awaitility.await("password logins off").atMost(Duration.ofSeconds(30))
        .until(() -> sandbox.exec("sshd", "-T").stdout().contains("passwordauthentication no"));
    assertThat(told(enforced, "ComplianceEnforced")).extracting(Event::getMessage)
        .contains("locked the password of intruder (PasswordSet/intruder)");

    // Everyone declared still logs in: the admin, and alice with her KeyPair's key and sudo.
    assertThat(Ssh.asAdmin(sandbox, "true").exitCode()).isZero();
    Path aliceKey = OpenSshTools.privateKeyFile(dir, kube.client().secrets().inNamespace("default")
        .withName("alice-key-ssh-key").get());
    assertThat(Ssh.run(sandbox, "alice", aliceKey, "sudo -n true && echo ok").stdout()).contains("ok");
    // What stays is reported: the unknown account, locked, is still there.
    EcsInstance after = kube.await(EcsInstance.class, "enforced", Duration.ofSeconds(30),
        i -> i.getStatus().getCompliance().getCounts() != null
            && !i.getStatus().getCompliance().getCounts().containsKey("PasswordSet"));
    assertThat(after.getStatus().getCompliance().getCounts()).containsEntry("UnknownUser", 1);
    assertThat(after.getStatus().getCompliance().getFailures()).isNull();
  }

  private static List<Event> told(EcsInstance instance, String reason) {
    return KubeObjects.eventsFor(kube.client(), instance).stream().filter(e -> reason.equals(e.getReason())).toList();
  }
}
