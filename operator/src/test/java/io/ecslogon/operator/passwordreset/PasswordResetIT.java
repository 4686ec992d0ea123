package io.ecslogon.operator.passwordreset;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.api.v1alpha1.RestartRecord;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.ChpasswdHook;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.ecslogon.operator.secrets.SecretClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PasswordReset online and offline against sandboxes, proven by real password logins and boot counts. */
class PasswordResetIT {
  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with()
      .root("enable").root("retain").root("offline").root("never").root("twice").root("claimed").root("outage")
      .build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @Test
  void onlineWithEnableTurnsPasswordLoginsOnThroughTheSafePath() {
    Sandbox sandbox = sandboxes.get("enable");
    sandbox.sh("printf 'PasswordAuthentication no\\n' > /etc/ssh/sshd_config.d/50-cloud-init.conf"
        + " && useradd -m -s /bin/bash alice && service ssh reload").orThrow("image");
    kube.registerInstance("enable", sandbox, TestKube.pinnedHostKey(sandbox));

    kube.apply("kind: PasswordReset\nmetadata: {name: alice-enable}\nspec:\n  instanceRef: {name: enable}\n"
        + "  username: alice\n  generate: true\n  method: Online\n  sshPasswordAuthentication: Enable");
    PasswordReset done = awaitPhase("alice-enable", ResetPhase.Succeeded);

    String password = password(done.getStatus().getSecretName());
    assertThat(done.getStatus().getUsername()).isEqualTo("alice");
    assertThat(sandbox.exec("sshd", "-T").stdout()).contains("passwordauthentication yes");
    assertThat(sandbox.exec("cat", "/etc/ssh/sshd_config.d/00-ecs-logon-operator.conf").stdout())
        .contains("PasswordAuthentication yes");
    assertThat(Ssh.passwordLogin(sandbox, "alice", password)).isTrue();
    assertThat(TestKube.has(done.getStatus().getConditions(), "Complete", "True", "Succeeded")).isTrue();
    assertThat(KubeObjects.eventsFor(kube.client(), done)).extracting(e -> e.getReason())
        .contains("SshdChanged", "PasswordSet", "Succeeded");
    // The instance's own policy (none declared) leaves the enabled setting alone on later visits.
    Awaitility.await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(Ssh.passwordLogin(sandbox, "alice", password)).isTrue();
    assertNowhereButItsSecret(password);
  }

  @Test
  void aPasswordLoginThatCouldNotBeTriedBecauseSshdWasDownIsTriedAgainNotFailed() {
    Sandbox sandbox = sandboxes.get("outage");
    // sshd's listener stops right after the first chpasswd and comes back 15 s later, longer than
    // the fresh login's patience (10 s); this session (the operator's) goes on, as sessions do when
    // sshd restarts.
    sandbox.sh("useradd -m -s /bin/bash carol").orThrow("user");
    ChpasswdHook.afterFirstChpasswd(sandbox, "service ssh stop >/dev/null\n"
        + "setsid sh -c 'sleep 15; service ssh start' >/dev/null 2>&1 </dev/null &");
    kube.registerInstance("outage", sandbox, TestKube.pinnedHostKey(sandbox));

    List<String> waitedFor = new CopyOnWriteArrayList<>();
    Watch watch = kube.client().resources(PasswordReset.class).inNamespace("default").withName("carol-outage")
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, PasswordReset reset) {
            if (reset.getStatus() != null && reset.getStatus().getConditions() != null) {
              reset.getStatus().getConditions().stream().filter(c -> "Complete".equals(c.getType()))
                  .forEach(c -> waitedFor.add(c.getReason()));
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        });
    kube.apply("kind: PasswordReset\nmetadata: {name: carol-outage}\nspec:\n  instanceRef: {name: outage}\n"
        + "  username: carol\n  generate: true\n  method: Online\n  sshPasswordAuthentication: Enable");
    PasswordReset done = kube.await(PasswordReset.class, "carol-outage", Duration.ofSeconds(120),
        r -> r.getStatus() != null && (r.getStatus().getPhase() == ResetPhase.Succeeded
            || r.getStatus().getPhase() == ResetPhase.Failed));

    watch.close();
    assertThat(done.getStatus().getPhase()).as("phase (%s)", done.getStatus().getConditions())
        .isEqualTo(ResetPhase.Succeeded);
    assertThat(ChpasswdHook.fired(sandbox)).as("the outage happened").isTrue();
    assertThat(TestKube.has(done.getStatus().getConditions(), "PasswordLogin", "True", "Proven")).isTrue();
    // Set once, before the outage; only the login was tried again when sshd answered.
    assertThat(KubeObjects.eventsFor(kube.client(), done)).filteredOn(e -> "PasswordSet".equals(e.getReason()))
        .hasSize(1);
    assertThat(waitedFor).as("Complete reasons while it waited").contains("PasswordLoginNotTried");
    assertThat(Ssh.passwordLogin(sandbox, "carol", password(done.getStatus().getSecretName()))).isTrue();
  }

  @Test
  void onlineWithRetainLeavesSshdUntouched() {
    Sandbox sandbox = sandboxes.get("retain");
    sandbox.sh("useradd -m -s /bin/bash bob").orThrow("user");
    kube.registerInstance("retain", sandbox, TestKube.pinnedHostKey(sandbox));
    kube.await(EcsInstance.class, "retain", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    String sshdBefore = sshdState(sandbox);
    String chosen = "Bob-Chosen-Passw0rd!";
    kube.client().resource(KubeObjects.basicAuthSecret("default", "bob-password", "bob", chosen)).serverSideApply();

    kube.apply("kind: PasswordReset\nmetadata: {name: bob-retain}\nspec:\n  instanceRef: {name: retain}\n"
        + "  username: bob\n  passwordSecretRef: {name: bob-password}\n  ttlSecondsAfterFinished: 3");
    PasswordReset done = awaitPhase("bob-retain", ResetPhase.Succeeded);

    assertThat(done.getStatus().getSecretName()).isEqualTo("bob-password");
    assertThat(Ssh.passwordLogin(sandbox, "bob", chosen)).isTrue();
    assertThat(sshdState(sandbox)).isEqualTo(sshdBefore);
    // Deleted after its TTL, like a finished Job; the password Secret stays.
    Awaitility.await("deleted after ttl").atMost(Duration.ofSeconds(20))
        .until(() -> kube.get(PasswordReset.class, "bob-retain") == null);
    assertThat(kube.client().secrets().inNamespace("default").withName("bob-password").get()).isNotNull();
  }

  @Test
  void offlineSetsThePasswordAndRestartsTheInstanceExactlyOnce() {
    Sandbox sandbox = sandboxes.get("offline");
    String bootBefore = sandbox.bootId();
    long boots = Boots.count(sandbox);
    kube.registerInstance("offline", sandbox, TestKube.pinnedHostKey(sandbox) + "  restartPolicy: IfRequired\n");

    kube.apply("kind: PasswordReset\nmetadata: {name: root-offline}\nspec:\n  instanceRef: {name: offline}\n"
        + "  generate: true\n  method: Offline");
    PasswordReset done = awaitPhase("root-offline", ResetPhase.Succeeded);

    assertThat(done.getStatus().getUsername()).as("defaults to the admin user").isEqualTo("root");
    assertThat(sandbox.bootId()).isNotEqualTo(bootBefore);
    String password = password(done.getStatus().getSecretName());
    assertThat(Ssh.passwordLogin(sandbox, "root", password)).isFalse(); // root: keys only (prohibit-password)
    assertThat(sandbox.exec("sh", "-c", "getent shadow root | cut -d: -f2").stdout().strip()).startsWith("$");
    EcsInstance instance = kube.get(EcsInstance.class, "offline");
    var restart = instance.getStatus().getLastRestart();
    assertThat(restart.getRequestedBy()).isEqualTo("PasswordReset/root-offline");
    assertThat(restart.getReason()).contains("offline password reset of root");
    assertThat(restart.getCompletedAt()).isNotNull();
    assertThat(restart.getPreviousBootId()).isEqualTo(bootBefore);
    assertThat(restart.getBootId()).isEqualTo(sandbox.bootId());
    assertThat(TestKube.has(instance.getStatus().getConditions(), "HostKeyTrusted", "True", null)).isTrue();
    assertThat(instance.getMetadata().getAnnotations()).doesNotContainKey("ecslogon.io/restart-request");
    Awaitility.await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
    assertThat(Boots.count(sandbox) - boots).as("exactly one restart").isEqualTo(1);
    assertNowhereButItsSecret(password);
  }

  @Test
  void aSecondOfflineResetIsDoneOnlyWhenTheInstanceRestartedForIt() {
    Sandbox sandbox = sandboxes.get("twice");
    kube.registerInstance("twice", sandbox, TestKube.pinnedHostKey(sandbox) + "  restartPolicy: IfRequired\n");
    kube.apply("kind: PasswordReset\nmetadata: {name: root-first}\nspec:\n  instanceRef: {name: twice}\n"
        + "  generate: true\n  method: Offline");
    awaitPhase("root-first", ResetPhase.Succeeded);
    kube.await(EcsInstance.class, "twice", i -> i.getStatus() != null && i.getStatus().getLastRestart() != null
        && i.getStatus().getLastRestart().getCompletedAt() != null);

    // Every version of status.lastRestart the API server stores from here on.
    List<RestartRecord> seen = new CopyOnWriteArrayList<>();
    String bootBefore = sandbox.bootId();
    long boots = Boots.count(sandbox);
    try (Watch watch = kube.client().resources(EcsInstance.class).inNamespace("default").withName("twice")
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, EcsInstance instance) {
            if (instance.getStatus() != null && instance.getStatus().getLastRestart() != null) {
              seen.add(instance.getStatus().getLastRestart());
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      kube.apply("kind: PasswordReset\nmetadata: {name: root-second}\nspec:\n"
          + "  instanceRef: {name: twice}\n  generate: true\n  method: Offline");
      awaitPhase("root-second", ResetPhase.Succeeded);
      assertThat(sandbox.bootId()).as("restarted before it says Succeeded").isNotEqualTo(bootBefore);

      String uid = kube.get(PasswordReset.class, "root-second").getMetadata().getUid();
      List<RestartRecord> forSecond = seen.stream().filter(r -> uid.equals(r.getRequestId())).toList();
      assertThat(forSecond).as("the second restart was recorded").isNotEmpty();
      // The first restart's completedAt was once merged into the second's record, which then
      // looked done before the instance went down.
      assertThat(forSecond).allSatisfy(record -> {
        assertThat(record.getPreviousBootId()).isEqualTo(bootBefore);
        if (record.getCompletedAt() != null) {
          assertThat(record.getBootId()).as("completed only with a new boot ID").isNotNull().isNotEqualTo(bootBefore);
        }
      });
    }
    Awaitility.await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(Boots.count(sandbox) - boots).as("one restart for the second reset").isEqualTo(1);
  }

  @Test
  void offlineUnderRestartPolicyNeverWaitsVisiblyUntilARestartIsAllowed() {
    Sandbox sandbox = sandboxes.get("never");
    sandbox.sh("useradd -m -s /bin/bash carol").orThrow("user");
    long boots = Boots.count(sandbox);
    kube.registerInstance("never", sandbox, TestKube.pinnedHostKey(sandbox) + "  restartPolicy: Never\n");

    kube.apply("kind: PasswordReset\nmetadata: {name: carol-offline}\nspec:\n  instanceRef: {name: never}\n"
        + "  username: carol\n  generate: true\n  method: Offline\n  sshPasswordAuthentication: Retain");
    PasswordReset waiting = kube.await(PasswordReset.class, "carol-offline", r -> r.getStatus() != null
        && TestKube.has(r.getStatus().getConditions(), "RestartRequired", "True", "RestartNotAllowed"));

    assertThat(waiting.getStatus().getPhase()).isEqualTo(ResetPhase.Running);
    EcsInstance instance = kube.get(EcsInstance.class, "never");
    assertThat(TestKube.has(instance.getStatus().getConditions(), "RestartRequired", "True", "RestartNotAllowed")).isTrue();
    assertThat(Boots.count(sandbox)).isEqualTo(boots);
    // The password is already set (the new one works); only the restart waits.
    assertThat(Ssh.passwordLogin(sandbox, "carol", password(waiting.getStatus().getSecretName()))).isTrue();

    kube.mergePatch(EcsInstance.class, "never", "{\"spec\":{\"restartPolicy\":\"IfRequired\"}}");
    PasswordReset done = awaitPhase("carol-offline", ResetPhase.Succeeded);

    assertThat(TestKube.has(done.getStatus().getConditions(), "RestartRequired", "False", "Restarted")).isTrue();
    assertThat(Boots.count(sandbox) - boots).isEqualTo(1);
    assertThat(Ssh.passwordLogin(sandbox, "carol", password(done.getStatus().getSecretName()))).isTrue();
  }

  /**
   * What a crash (or a lost leadership, or a refused status write) between creating the generated
   * Secret and storing its uid leaves: the claim's digest in status, the Secret with the claim's
   * token, no uid. The fault suite met it as a Failed SecretConflict (seed 20261203, run 65). The
   * operator, started again, knows the Secret by its claim and applies its password.
   */
  @Test
  void aGeneratedSecretWhoseUidWasNeverStoredIsKnownByItsClaimAndApplied() {
    Sandbox sandbox = claimedInstanceWith("dave");
    String password = "Dave-Gen-Pw0-" + System.nanoTime() % 100_000;
    String[] secretUid = new String[1];

    operator.restartAfter(() -> {
      SecretClaim claim = SecretClaim.generate();
      claimedReset("dave", claim.digest());
      secretUid[0] = generatedSecret("dave", password, claim.annotation()).getMetadata().getUid();
    });

    PasswordReset done = awaitPhase("dave-reset", ResetPhase.Succeeded);
    assertThat(done.getStatus().getSecretUid()).isEqualTo(secretUid[0]);
    assertThat(Ssh.passwordLogin(sandbox, "dave", password)).isTrue();
  }

  /** Someone who may create Secrets copies the digest from status into their own: it proves nothing. */
  @Test
  void aSecretCarryingTheClaimsDigestCopiedFromStatusIsRefused() {
    Sandbox sandbox = claimedInstanceWith("mallory");
    String known = sandbox.sh("getent shadow mallory | cut -d: -f2").orThrow("shadow").stdout();
    String chosen = "Chosen-By-Mallory-3!";

    operator.restartAfter(() -> {
      String digest = SecretClaim.generate().digest();
      claimedReset("mallory", digest);
      generatedSecret("mallory", chosen, Map.of(SecretClaim.ANNOTATION, digest));
    });

    PasswordReset failed = awaitPhase("mallory-reset", ResetPhase.Failed);
    assertThat(TestKube.has(failed.getStatus().getConditions(), "Failed", "True", "SecretConflict")).isTrue();
    assertThat(Ssh.passwordLogin(sandbox, "mallory", chosen)).isFalse();
    assertThat(sandbox.sh("getent shadow mallory | cut -d: -f2").orThrow("shadow").stdout())
        .as("mallory's password hash is untouched").isEqualTo(known);
  }

  private static synchronized Sandbox claimedInstanceWith(String user) {
    Sandbox sandbox = sandboxes.get("claimed");
    sandbox.sh("useradd -m -s /bin/bash " + user).orThrow("user");
    if (kube.get(EcsInstance.class, "claimed") == null) {
      kube.registerInstance("claimed", sandbox, TestKube.pinnedHostKey(sandbox));
    }
    kube.await(EcsInstance.class, "claimed", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    return sandbox;
  }

  /** A generating reset whose status holds only the claim's digest, as the operator stores it first. */
  private static void claimedReset(String user, String digest) {
    kube.apply("kind: PasswordReset\nmetadata: {name: " + user + "-reset}\nspec:\n  instanceRef: {name: claimed}\n"
        + "  username: " + user + "\n  generate: true\n  method: Online\n  sshPasswordAuthentication: Retain");
    kube.client().resources(PasswordReset.class).inNamespace("default").withName(user + "-reset").subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(),
            Serialization.asJson(Map.of("status", Map.of("secretClaim", digest))));
  }

  /** The generated Secret as the operator writes it, with the given claim annotation. */
  private static Secret generatedSecret(String user, String password, Map<String, String> claimAnnotation) {
    PasswordReset reset = kube.get(PasswordReset.class, user + "-reset");
    return kube.client().resource(new SecretBuilder(KubeObjects.basicAuthSecret("default", user + "-reset-password",
            user, password))
        .editMetadata()
          .addToLabels("app.kubernetes.io/managed-by", "ecs-logon-operator")
          .addToLabels("ecslogon.io/passwordreset", user + "-reset")
          .addToAnnotations("ecslogon.io/passwordreset-uid", reset.getMetadata().getUid())
          .addToAnnotations(claimAnnotation)
        .endMetadata().build()).create();
  }

  private static PasswordReset awaitPhase(String name, ResetPhase phase) {
    return kube.await(PasswordReset.class, name, Duration.ofSeconds(90),
        r -> r.getStatus() != null && r.getStatus().getPhase() == phase);
  }

  private static String password(String secretName) {
    Secret secret = kube.client().secrets().inNamespace("default").withName(secretName).get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
    return new String(Base64.getDecoder().decode(secret.getData().get("password")));
  }

  private static void assertNowhereButItsSecret(String password) {
    String everything = String.join("\n", logs.lines())
        + Serialization.asJson(kube.client().resources(PasswordReset.class).inNamespace("default").list())
        + Serialization.asJson(kube.client().resources(EcsInstance.class).inNamespace("default").list())
        + Serialization.asJson(kube.client().v1().events().inNamespace("default").list());
    assertThat(everything).doesNotContain(password);
  }

  private static String sshdState(Sandbox sandbox) {
    return sandbox.sh("ls /etc/ssh/sshd_config.d; sha256sum /etc/ssh/sshd_config; stat -c %y /run/sshd.pid").stdout();
  }

}
