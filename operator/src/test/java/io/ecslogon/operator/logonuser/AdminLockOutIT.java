package io.ecslogon.operator.logonuser;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator never takes away its own way in through its own resources: a LogonUser or a
 * PasswordReset aimed at the instance's admin user that would change its sudo rule, keys, shell,
 * password or account is refused with a condition and a Warning Event, nothing on the instance
 * changes (files compared byte for byte), and the admin still logs on with a fresh connection.
 */
class AdminLockOutIT {
  private static final String NS = "default";
  private static final String REFUSED = "WouldLockOutOperator";
  private static final String ADMIN_PASSWORD = "Admin-Passw0rd!42";

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().ecsUser("web-2").root("root-1").ecsUser("pw").build();

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  @BeforeAll
  static void instances() {
    kube.registerInstance("web-2", sandboxes.get("web-2"), "");
    kube.registerInstance("root-1", sandboxes.get("root-1"), "");
    // An admin that logs on with a password (basic-auth Secret), host key pinned.
    Sandbox pw = sandboxes.get("pw");
    pw.execWithStdin(("ecs-user:" + ADMIN_PASSWORD + "\n").getBytes(), "chpasswd").orThrow("admin password");
    kube.client().resource(KubeObjects.withUsage(KubeObjects.basicAuthSecret(NS, "pw-admin", "ecs-user", ADMIN_PASSWORD),
        "admin-credentials")).serverSideApply();
    kube.apply("kind: EcsInstance\nmetadata: {name: pw}\nspec:\n  address: 127.0.0.1\n  port: " + pw.port()
        + "\n  adminUser: ecs-user\n  adminCredentialsSecretRef: {name: pw-admin}\n  hostKeyFingerprint: "
        + pw.hostKeyFingerprint() + "\n");
    for (String name : List.of("web-2", "root-1", "pw")) {
      kube.await(EcsInstance.class, name, i -> i.getStatus() != null
          && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    }
  }

  @Test
  void aSudoRuleAskingTheSudoerAdminForAPasswordIsRefused() {
    Sandbox web2 = sandboxes.get("web-2");
    String before = accounts(web2);

    kube.apply("kind: LogonUser\nmetadata: {name: admin-sudo}\nspec:\n  instanceRef: {name: web-2}\n"
        + "  username: ecs-user\n  adopt: true\n  sudo: password");

    LogonUser refused = awaitRefused("admin-sudo");
    assertRefusedOnce(refused, "sudo: password for ecs-user would lock the operator out");
    assertThat(accounts(web2)).as("nothing written").isEqualTo(before);
    assertThat(web2.exec("ls", "-A", "/etc/sudoers.d").stdout()).doesNotContain("ecslogon");
    assertFreshAdminLogin(web2);
    deleteAndAwaitGone("admin-sudo");
    assertThat(accounts(web2)).isEqualTo(before);
  }

  @Test
  void exclusiveKeysForRootWithoutTheOperatorsKeyAreRefusedAndWithItItsDeletionLeavesTheKey() {
    Sandbox root1 = sandboxes.get("root-1");
    String otherKey = sandboxes.get("web-2").adminPublicKey();
    String before = accounts(root1);

    kube.apply("kind: LogonUser\nmetadata: {name: root-exclusive}\nspec:\n  instanceRef: {name: root-1}\n"
        + "  username: root\n  keyPolicy: Exclusive\n  publicKeys: ['" + otherKey + "']");

    LogonUser refused = awaitRefused("root-exclusive");
    assertRefusedOnce(refused, "would not hold the key the operator logs on with as root");
    assertThat(accounts(root1)).as("nothing written").isEqualTo(before);
    assertFreshAdminLogin(root1);
    deleteAndAwaitGone("root-exclusive");

    // With the operator's key declared too, Exclusive is applied...
    kube.apply("kind: LogonUser\nmetadata: {name: root-both}\nspec:\n  instanceRef: {name: root-1}\n"
        + "  username: root\n  keyPolicy: Exclusive\n  publicKeys: ['" + otherKey + "', '" + root1.adminPublicKey() + "']");
    kube.await(LogonUser.class, "root-both", u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));
    assertThat(Ssh.run(root1, "root", sandboxes.get("web-2").adminKeyFile(), "true").exitCode()).isZero();
    assertFreshAdminLogin(root1);
    String applied = accounts(root1);

    // ...but deleting it would now take the operator's key with the block: left in place, with a Warning.
    LogonUser both = kube.get(LogonUser.class, "root-both");
    deleteAndAwaitGone("root-both");
    assertThat(KubeObjects.eventsFor(kube.client(), both)).anySatisfy(event -> {
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getReason()).isEqualTo(REFUSED);
      assertThat(event.getMessage()).contains("left as they are");
    });
    assertThat(accounts(root1)).isEqualTo(applied);
    assertFreshAdminLogin(root1);
  }

  @Test
  void aShellTheAdminCannotLogOnWithIsRefused() {
    Sandbox web2 = sandboxes.get("web-2");
    String before = accounts(web2);
    // nologin is a regular executable not listed in /etc/shells: the guard refuses it for the admin.
    kube.apply("kind: LogonUser\nmetadata: {name: admin-shell-nologin}\nspec:\n  instanceRef: {name: web-2}\n"
        + "  username: ecs-user\n  adopt: true\n  shell: /usr/sbin/nologin");
    assertRefusedOnce(awaitRefused("admin-shell-nologin"), "shell /usr/sbin/nologin for ecs-user would lock the operator out");
    assertThat(accounts(web2)).as("nothing written for nologin").isEqualTo(before);
    deleteAndAwaitGone("admin-shell-nologin");

    // /tmp passes `test -x` but is a directory: refused for any user (ShellNotFound), before the
    // guard is even asked; the admin keeps its shell all the same.
    kube.apply("kind: LogonUser\nmetadata: {name: admin-shell-tmp}\nspec:\n  instanceRef: {name: web-2}\n"
        + "  username: ecs-user\n  adopt: true\n  shell: /tmp");
    kube.await(LogonUser.class, "admin-shell-tmp", u -> u.getStatus() != null
        && TestKube.has(u.getStatus().getConditions(), "Ready", "False", "ShellNotFound"));
    assertThat(accounts(web2)).as("nothing written for /tmp").isEqualTo(before);
    assertThat(web2.exec("getent", "passwd", "ecs-user").stdout()).endsWith(":/bin/bash\n");
    assertFreshAdminLogin(web2);
    deleteAndAwaitGone("admin-shell-tmp");
  }

  @Test
  void deletionPolicyDeleteOnTheAdminIsRefusedAndDeletingTheLogonUserLeavesTheAccount() {
    Sandbox web2 = sandboxes.get("web-2");
    String before = accounts(web2);

    kube.apply("kind: LogonUser\nmetadata: {name: admin-delete}\nspec:\n  instanceRef: {name: web-2}\n"
        + "  username: ecs-user\n  adopt: true\n  deletionPolicy: Delete");

    LogonUser refused = awaitRefused("admin-delete");
    assertRefusedOnce(refused, "deletionPolicy: Delete: deleting user ecs-user would lock the operator out");
    assertThat(accounts(web2)).isEqualTo(before);

    deleteAndAwaitGone("admin-delete");
    assertThat(KubeObjects.eventsFor(kube.client(), refused))
        .anySatisfy(event -> assertThat(event.getMessage()).contains("deleting user ecs-user", "left as they are"));
    assertThat(accounts(web2)).as("the account, its home and keys are still there").isEqualTo(before);
    assertFreshAdminLogin(web2);
  }

  @Test
  void thePasswordOfAPasswordAuthenticatedAdminIsNotChanged() {
    Sandbox pw = sandboxes.get("pw");
    String before = accounts(pw);
    String bootId = pw.bootId();

    // A PasswordReset without username means the admin; Offline used to wait for a restart forever.
    kube.apply("kind: PasswordReset\nmetadata: {name: admin-reset}\nspec:\n  instanceRef: {name: pw}\n"
        + "  generate: true\n  method: Offline");
    PasswordReset failed = kube.await(PasswordReset.class, "admin-reset", Duration.ofSeconds(60),
        r -> r.getStatus() != null && r.getStatus().getPhase() == ResetPhase.Failed);
    assertThat(TestKube.has(failed.getStatus().getConditions(), "Failed", "True", REFUSED)).isTrue();
    assertThat(TestKube.condition(failed.getStatus().getConditions(), "Failed").orElseThrow().getMessage())
        .contains("changing the password of ecs-user would lock the operator out");
    assertThat(failed.getStatus().getSecretName()).as("no password generated").isNull();
    assertThat(warnings(failed)).singleElement().satisfies(event -> assertThat(event.getMessage())
        .contains("admin Secret"));

    // A LogonUser setting the admin's password: refused too.
    kube.client().resource(KubeObjects.basicAuthSecret(NS, "new-admin-password", "ecs-user", "New-Passw0rd!42"))
        .serverSideApply();
    kube.apply("kind: LogonUser\nmetadata: {name: admin-password}\nspec:\n  instanceRef: {name: pw}\n"
        + "  username: ecs-user\n  adopt: true\n  passwordSecretRef: {name: new-admin-password}");
    LogonUser refused = awaitRefused("admin-password");
    assertRefusedOnce(refused, "changing the password of ecs-user would lock the operator out");

    assertThat(accounts(pw)).as("shadow and the rest unchanged").isEqualTo(before);
    assertThat(pw.bootId()).as("no restart").isEqualTo(bootId);
    assertThat(Ssh.passwordLogin(pw, "ecs-user", ADMIN_PASSWORD)).as("a fresh login with the admin Secret").isTrue();
    assertThat(Ssh.passwordLogin(pw, "ecs-user", "New-Passw0rd!42")).isFalse();
    assertThat(kube.get(EcsInstance.class, "pw").getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
    String everything = String.join("\n", logs.lines())
        + Serialization.asJson(kube.client().resources(LogonUser.class).inNamespace(NS).list())
        + Serialization.asJson(kube.client().resources(PasswordReset.class).inNamespace(NS).list())
        + Serialization.asJson(kube.client().v1().events().inNamespace(NS).list());
    assertThat(everything).doesNotContain(ADMIN_PASSWORD).doesNotContain("New-Passw0rd!42");
    deleteAndAwaitGone("admin-password");
  }

  /** Every file through which an account logs on, hashed, and what sits in /etc/sudoers.d. */
  private static String accounts(Sandbox sandbox) {
    return sandbox.sh("cd / && ls -A etc/sudoers.d && sha256sum etc/passwd etc/shadow etc/group etc/sudoers.d/*"
        + " root/.ssh/authorized_keys home/*/.ssh/authorized_keys 2>&1").stdout();
  }

  /** A new connection with the admin's own credentials, and the passwordless sudo the operator needs. */
  private static void assertFreshAdminLogin(Sandbox sandbox) {
    var login = Ssh.asAdmin(sandbox, "id -un && sudo -n true && echo sudo-ok");
    assertThat(login.exitCode()).as("fresh login as %s: %s", sandbox.adminUser(), login.stderr()).isZero();
    assertThat(login.stdout()).contains(sandbox.adminUser(), "sudo-ok");
  }

  /** Refused on its instance, and a couple of resyncs later still refused (nothing written in between). */
  private static LogonUser awaitRefused(String name) {
    kube.await(LogonUser.class, name, u -> u.getStatus() != null && u.getStatus().getInstances() != null
        && u.getStatus().getInstances().stream().anyMatch(r -> REFUSED.equals(r.getReason())));
    Awaitility.await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
    LogonUser user = kube.get(LogonUser.class, name);
    assertThat(TestKube.has(user.getStatus().getConditions(), "Ready", "False", REFUSED)).isTrue();
    assertThat(user.getStatus().getReady()).isEqualTo("0/1");
    return user;
  }

  /**
   * The condition says why, and a Warning Event for the instance says it too, once, not on every
   * resync (the Ready change adds its own Warning with the same reason).
   */
  private static void assertRefusedOnce(LogonUser user, String why) {
    String instance = user.getStatus().getInstances().get(0).getName();
    assertThat(TestKube.condition(user.getStatus().getConditions(), "Ready").orElseThrow().getMessage()).contains(why);
    assertThat(user.getStatus().getInstances().get(0).getMessage()).contains(why).contains("nothing was changed");
    assertThat(warnings(user)).filteredOn(event -> event.getMessage().contains(why)
        && event.getMessage().contains("(EcsInstance " + instance + ")")).hasSize(1);
  }

  private static List<Event> warnings(HasMetadata object) {
    return KubeObjects.eventsFor(kube.client(), object).stream()
        .filter(event -> "Warning".equals(event.getType()) && REFUSED.equals(event.getReason()))
        .toList();
  }

  private static void deleteAndAwaitGone(String logonUser) {
    kube.client().resources(LogonUser.class).inNamespace(NS).withName(logonUser).delete();
    Awaitility.await(logonUser + " gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> kube.get(LogonUser.class, logonUser) == null);
  }
}
