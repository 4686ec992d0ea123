package io.ecslogon.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.StatusConditions;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator uses only what a person opted in or what it wrote itself (issue 11), against a
 * real API server and real sshd: an unlabelled Secret is never read (sshd sees no connection), a
 * password never travels to a host key trusted only on first use unless pinned or allowed, a key
 * someone put into a KeyPair's Secret is not authorised until accepted, and a password Secret
 * someone created under a generated name is never applied.
 */
class SecretOptInIT {
  private static final String NS = "default";

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with()
      .root("quiet").ecsUser("pwadmin").root("tofu").root("pinned").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(3));

  private static final TestKube kube = new TestKube(controlPlane, NS);

  @TempDir
  Path dir;

  @Test
  void anUnlabelledAdminSecretIsRefusedWithoutConnecting() {
    Sandbox quiet = sandboxes.get("quiet");
    quiet.logConnectionsVerbosely();
    Secret admin = KubeObjects.sshAuthSecret(NS, "quiet-admin", quiet.adminPrivateKey());
    kube.client().resource(KubeObjects.unlabelled(admin)).create();
    kube.apply(instance("quiet", quiet, TestKube.pinnedHostKey(quiet)));

    EcsInstance refused = kube.await(EcsInstance.class, "quiet", i -> hasCondition(i, "Ready", "False", "SecretNotOptedIn"));

    assertThat(message(refused, "Ready")).contains("Secret default/quiet-admin has no label "
        + "ecslogon.io/usage=admin-credentials; add that label to let the operator use it");
    assertWarning(refused, "SecretNotOptedIn");
    sleep(Duration.ofSeconds(6)); // at least one more attempt (backoff starts at 5 s)
    assertThat(quiet.sshdLog()).as("sshd saw no connection at all").doesNotContain("Connection from");

    // A Secret labelled for another usage is not enough either.
    relabel("quiet-admin", "password");
    kube.await(EcsInstance.class, "quiet", i -> message(i, "Ready").contains("is labelled ecslogon.io/usage=password,"
        + " not ecslogon.io/usage=admin-credentials"));
    assertThat(quiet.sshdLog()).doesNotContain("Connection from");

    // Once its owner opts it in, the same Secret is used: the log shows what it would have shown.
    relabel("quiet-admin", "admin-credentials");
    kube.await(EcsInstance.class, "quiet", i -> hasCondition(i, "Ready", "True", "Ready"));
    assertThat(quiet.sshdLog()).contains("Connection from 127.0.0.1").contains("Accepted publickey for root");
  }

  @Test
  void anAdminPasswordIsSentOnlyOnceTheHostKeyIsPinned() {
    Sandbox pwadmin = sandboxes.get("pwadmin");
    String password = "Adm1n-Passw0rd-" + System.nanoTime();
    pwadmin.execWithStdin(("ecs-user:" + password + "\n").getBytes(StandardCharsets.UTF_8), "chpasswd")
        .orThrow("admin password");
    pwadmin.logConnectionsVerbosely();
    kube.client().resource(KubeObjects.withUsage(
        KubeObjects.basicAuthSecret(NS, "pwadmin-admin", "ecs-user", password), "admin-credentials")).create();
    kube.apply(instance("pwadmin", pwadmin, ""));

    EcsInstance refused = kube.await(EcsInstance.class, "pwadmin", i -> hasCondition(i, "Ready", "False", "HostKeyNotPinned"));

    assertThat(message(refused, "Ready")).contains("the admin Secret holds a password")
        .contains("only trusted on first use").contains("spec.hostKeyFingerprint")
        .contains("spec.allowPasswordOnTrustOnFirstUse").doesNotContain(password);
    assertWarning(refused, "HostKeyNotPinned");
    sleep(Duration.ofSeconds(6));
    assertThat(pwadmin.sshdLog()).as("not even a connection to a host nobody vouched for").doesNotContain("Connection from");

    kube.mergePatch(EcsInstance.class, "pwadmin", "{\"spec\":{\"hostKeyFingerprint\":\"" + pwadmin.hostKeyFingerprint() + "\"}}");

    kube.await(EcsInstance.class, "pwadmin", i -> hasCondition(i, "Ready", "True", "Ready"));
    assertThat(pwadmin.sshdLog()).contains("Accepted password for ecs-user");
  }

  @Test
  void aPasswordSecretRefNamingAnUnlabelledSecretIsRefused() {
    Sandbox pinned = sandboxes.get("pinned");
    kube.registerInstance("pinned", pinned, TestKube.pinnedHostKey(pinned));
    // The example: a cloud credential in the same namespace, named as a "password".
    kube.client().resource(new SecretBuilder().withNewMetadata().withName("alibaba-ram").withNamespace(NS).endMetadata()
        .addToStringData("accessKeyId", "LTAI5tExampleKeyId").addToStringData("accessKeySecret", "Ram-Secret-Value-1")
        .build()).create();
    kube.apply("kind: LogonUser\nmetadata: {name: exfil}\nspec:\n  instanceRef: {name: pinned}\n  username: exfil\n"
        + "  passwordSecretRef: {name: alibaba-ram, key: accessKeySecret}");

    LogonUser refused = kube.await(LogonUser.class, "exfil", u -> u.getStatus() != null
        && TestKube.has(u.getStatus().getConditions(), "Ready", "False", "SecretNotOptedIn"));

    assertThat(message(refused.getStatus().getConditions(), "Ready"))
        .contains("Secret default/alibaba-ram has no label ecslogon.io/usage=password").doesNotContain("Ram-Secret");
    assertWarning(refused, "SecretNotOptedIn");
    sleep(Duration.ofSeconds(4));
    assertThat(pinned.exec("getent", "passwd", "exfil").exitCode()).as("nothing was done on the instance").isNotZero();
  }

  @Test
  void passwordsWaitForAPinnedOrExplicitlyTrustedHostKey() {
    Sandbox tofu = sandboxes.get("tofu");
    String known = "Known-Passw0rd-" + System.nanoTime();
    tofu.sh("useradd -m -s /bin/bash carol").orThrow("user");
    tofu.execWithStdin(("carol:" + known + "\n").getBytes(StandardCharsets.UTF_8), "chpasswd").orThrow("password");
    kube.registerInstance("tofu", tofu, "");
    kube.await(EcsInstance.class, "tofu", i -> hasCondition(i, "HostKeyTrusted", "True", "TrustedOnFirstUse")
        && hasCondition(i, "Ready", "True", "Ready"));

    kube.apply("kind: LogonUser\nmetadata: {name: dave}\nspec:\n  instanceRef: {name: tofu}\n  username: dave\n"
        + "  generatePassword: true");
    kube.apply("kind: PasswordReset\nmetadata: {name: carol-reset}\nspec:\n  instanceRef: {name: tofu}\n"
        + "  username: carol\n  generate: true\n  method: Online");

    LogonUser user = kube.await(LogonUser.class, "dave", u -> u.getStatus() != null
        && TestKube.has(u.getStatus().getConditions(), "Ready", "False", "HostKeyNotPinned"));
    PasswordReset reset = kube.await(PasswordReset.class, "carol-reset", r -> r.getStatus() != null
        && TestKube.has(r.getStatus().getConditions(), "Complete", "False", "HostKeyNotPinned"));
    assertThat(message(user.getStatus().getConditions(), "Ready")).contains("only trusted on first use");
    assertThat(reset.getStatus().getPhase()).isIn(ResetPhase.Pending, ResetPhase.Running);
    assertWarning(user, "HostKeyNotPinned");
    assertWarning(reset, "HostKeyNotPinned");
    sleep(Duration.ofSeconds(4));
    assertThat(tofu.exec("getent", "passwd", "dave").exitCode()).as("dave not created").isNotZero();
    assertThat(Ssh.passwordLogin(tofu, "carol", known)).as("carol's password untouched").isTrue();
    assertThat(KubeObjects.eventsFor(kube.client(), kube.get(PasswordReset.class, "carol-reset")))
        .as("one Warning, not one per retry").filteredOn(e -> "HostKeyNotPinned".equals(e.getReason())).hasSize(1);

    kube.mergePatch(EcsInstance.class, "tofu", "{\"spec\":{\"allowPasswordOnTrustOnFirstUse\":true}}");

    LogonUser ready = kube.await(LogonUser.class, "dave", u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));
    PasswordReset done = kube.await(PasswordReset.class, "carol-reset", r -> r.getStatus() != null
        && r.getStatus().getPhase() == ResetPhase.Succeeded);
    assertThat(Ssh.passwordLogin(tofu, "dave", password(ready.getStatus().getPasswordSecretName()))).isTrue();
    assertThat(Ssh.passwordLogin(tofu, "carol", password(done.getStatus().getSecretName()))).isTrue();
  }

  @Test
  void aKeyPutIntoAKeyPairsSecretByHandIsNotAuthorisedUntilAccepted() throws Exception {
    Sandbox pinned = sandboxes.get("pinned");
    kube.registerInstance("pinned", pinned, TestKube.pinnedHostKey(pinned));
    kube.apply("kind: KeyPair\nmetadata: {name: ops-key}\nspec: {type: ed25519}");
    kube.apply("kind: LogonUser\nmetadata: {name: ops}\nspec:\n  instanceRef: {name: pinned}\n  username: ops\n"
        + "  keyPairRefs: [{name: ops-key}]");
    KeyPair generated = kube.await(KeyPair.class, "ops-key", k -> hasCondition(k.getStatus() == null ? null
        : k.getStatus().getConditions(), "Ready", "True", "Generated"));
    kube.await(LogonUser.class, "ops", u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));
    String original = generated.getStatus().getFingerprint();
    Path originalKey = OpenSshTools.privateKeyFile(dir, secret("ops-key-ssh-key"));
    assertThat(Ssh.run(pinned, "ops", originalKey, "true").exitCode()).isZero();

    // Someone who may write Secrets puts their own key pair into the KeyPair's Secret.
    Path theirs = dir.resolve("theirs");
    OpenSshTools.sshKeygen("-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f", theirs.toString());
    String theirPublicKey = Files.readString(Path.of(theirs + ".pub")).strip();
    String theirFingerprint = OpenSshTools.sshKeygen("-l", "-E", "sha256", "-f", theirs + ".pub").split(" ")[1];
    String theirPrivateKey = Files.readString(theirs);
    kube.client().secrets().inNamespace(NS).withName("ops-key-ssh-key").edit(owned -> new SecretBuilder(owned)
        .addToData("ssh-privatekey", base64(theirPrivateKey))
        .addToData("ssh-publickey", base64(theirPublicKey)).build());

    KeyPair changed = kube.await(KeyPair.class, "ops-key", k -> hasCondition(k.getStatus().getConditions(), "Ready",
        "False", "SecretKeyChanged"));
    assertThat(message(changed.getStatus().getConditions(), "Ready")).contains(theirFingerprint, original,
        "ecslogon.io/accept-secret-key=" + theirFingerprint);
    assertThat(changed.getStatus().getFingerprint()).as("status keeps the key the operator generated").isEqualTo(original);
    assertWarning(changed, "SecretKeyChanged");
    sleep(Duration.ofSeconds(7)); // two LogonUser resyncs
    assertThat(Ssh.run(pinned, "ops", originalKey, "true").exitCode()).as("the generated key still logs on").isZero();
    assertThat(Ssh.run(pinned, "ops", theirs, "true").exitCode()).as("the hand-put key does not").isNotZero();
    assertThat(pinned.exec("cat", "/home/ops/.ssh/authorized_keys").stdout()).doesNotContain(theirPublicKey.split(" ")[1]);

    kube.mergePatch(KeyPair.class, "ops-key",
        "{\"metadata\":{\"annotations\":{\"ecslogon.io/accept-secret-key\":\"" + theirFingerprint + "\"}}}");

    KeyPair accepted = kube.await(KeyPair.class, "ops-key", k -> theirFingerprint.equals(k.getStatus().getFingerprint())
        && hasCondition(k.getStatus().getConditions(), "Ready", "True", "Generated"));
    assertThat(KubeObjects.eventsFor(kube.client(), accepted)).extracting(Event::getReason).contains("SecretKeyAccepted");
    Awaitility.await("the accepted key logs on").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> Ssh.run(pinned, "ops", theirs, "true").exitCode() == 0);
  }

  @Test
  void aKeyStatusAnnouncedBeforeTheSecretWasWrittenIsTheOperatorsOwnAfterACrash() throws Exception {
    kube.apply("kind: KeyPair\nmetadata: {name: crash-key}\nspec: {type: ed25519}");
    KeyPair generated = kube.await(KeyPair.class, "crash-key", k -> hasCondition(k.getStatus() == null ? null
        : k.getStatus().getConditions(), "Ready", "True", "Generated"));
    String original = generated.getStatus().getFingerprint();
    assertThat(generated.getStatus().getPendingFingerprint()).as("nothing pending once stored").isNull();

    // What an operator killed between its two writes leaves behind (the fault-injection suite
    // found it): the next key announced in status, stored in the Secret, and status never told.
    Path next = dir.resolve("next");
    OpenSshTools.sshKeygen("-q", "-t", "ed25519", "-N", "", "-C", "keypair:" + NS + "/crash-key", "-f", next.toString());
    String nextFingerprint = OpenSshTools.sshKeygen("-l", "-E", "sha256", "-f", next + ".pub").split(" ")[1];
    kube.client().resources(KeyPair.class).inNamespace(NS).withName("crash-key").editStatus(k -> {
      k.getStatus().setPendingFingerprint(nextFingerprint);
      return k;
    });
    String nextPrivateKey = Files.readString(next);
    String nextPublicKey = Files.readString(Path.of(next + ".pub")).strip();
    kube.client().secrets().inNamespace(NS).withName("crash-key-ssh-key").edit(owned -> new SecretBuilder(owned)
        .addToData("ssh-privatekey", base64(nextPrivateKey))
        .addToData("ssh-publickey", base64(nextPublicKey)).build());

    KeyPair recovered = kube.await(KeyPair.class, "crash-key", k -> nextFingerprint.equals(k.getStatus().getFingerprint()));
    assertThat(StatusConditions.reasonOf(recovered, "Ready")).isNotEqualTo("SecretKeyChanged");
    // (status.pendingFingerprint stays here: the test, not the operator, owns that field now, and the
    // operator's server-side apply removes only fields it owns. It names the operator's own key.)
    assertThat(recovered.getStatus().getPreviousPublicKeys()).extracting("fingerprint").contains(original);
    assertThat(KubeObjects.eventsFor(kube.client(), recovered)).extracting(Event::getReason)
        .doesNotContain("SecretKeyChanged");
  }

  @Test
  void aPasswordSecretCreatedBeforeAGeneratingResetIsRefused() {
    Sandbox pinned = sandboxes.get("pinned");
    String known = "Erin-Known-Passw0rd-" + System.nanoTime();
    pinned.sh("useradd -m -s /bin/bash erin").orThrow("user");
    pinned.execWithStdin(("erin:" + known + "\n").getBytes(StandardCharsets.UTF_8), "chpasswd").orThrow("password");
    // The reset is Pending while its instance does not exist yet.
    kube.apply("kind: PasswordReset\nmetadata: {name: erin-reset}\nspec:\n  instanceRef: {name: forge-target}\n"
        + "  username: erin\n  generate: true\n  method: Online");
    PasswordReset pending = kube.await(PasswordReset.class, "erin-reset", r -> r.getStatus() != null
        && TestKube.has(r.getStatus().getConditions(), "Complete", "False", "InstanceNotFound"));
    String chosen = "Chosen-By-Mallory-1!";
    // A copy of what the operator would write, down to the reset's uid annotation.
    kube.client().resource(new SecretBuilder(KubeObjects.basicAuthSecret(NS, "erin-reset-password", "erin", chosen))
        .editMetadata()
          .addToLabels("app.kubernetes.io/managed-by", "ecs-logon-operator")
          .addToLabels("ecslogon.io/passwordreset", "erin-reset")
          .addToAnnotations("ecslogon.io/passwordreset-uid", pending.getMetadata().getUid())
        .endMetadata().build()).create();

    kube.registerInstance("forge-target", pinned, TestKube.pinnedHostKey(pinned));

    PasswordReset failed = kube.await(PasswordReset.class, "erin-reset", r -> r.getStatus() != null
        && r.getStatus().getPhase() == ResetPhase.Failed);
    assertThat(TestKube.has(failed.getStatus().getConditions(), "Failed", "True", "SecretConflict")).isTrue();
    assertThat(message(failed.getStatus().getConditions(), "Failed")).contains("erin-reset-password")
        .contains("not the one the operator generated");
    assertWarning(failed, "SecretConflict");
    assertThat(Ssh.passwordLogin(pinned, "erin", chosen)).as("the chosen password was not set").isFalse();
    assertThat(Ssh.passwordLogin(pinned, "erin", known)).as("erin's password is untouched").isTrue();
  }

  @Test
  void aForgedGeneratedPasswordSecretOfALogonUserIsRefused() {
    Sandbox pinned = sandboxes.get("pinned");
    kube.registerInstance("pinned", pinned, TestKube.pinnedHostKey(pinned));
    // The user waits for its KeyPair (which waits for its passphrase Secret), so the operator has not
    // generated the user's password yet.
    kube.apply("kind: KeyPair\nmetadata: {name: frank-key}\nspec:\n  type: ed25519\n  passphraseSecretRef: {name: frank-pp}");
    kube.apply("kind: LogonUser\nmetadata: {name: frank}\nspec:\n  instanceRef: {name: pinned}\n  username: frank\n"
        + "  keyPairRefs: [{name: frank-key}]\n  generatePassword: true");
    LogonUser waiting = kube.await(LogonUser.class, "frank", u -> u.getStatus() != null
        && TestKube.has(u.getStatus().getConditions(), "Ready", "False", "KeyPairNotReady"));
    String chosen = "Chosen-By-Mallory-2!";
    kube.client().resource(new SecretBuilder(KubeObjects.basicAuthSecret(NS, "frank-password", "frank", chosen))
        .editMetadata()
          .addToLabels("app.kubernetes.io/managed-by", "ecs-logon-operator")
          .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("ecslogon.io/v1alpha1").withKind("LogonUser")
              .withName("frank").withUid(waiting.getMetadata().getUid()).withController(true).build())
        .endMetadata().build()).create();

    kube.client().resource(new SecretBuilder().withNewMetadata().withName("frank-pp").withNamespace(NS)
        .addToLabels(KubeObjects.USAGE, "passphrase").endMetadata().addToStringData("passphrase", "frank-pp-1").build())
        .create();

    LogonUser refused = kube.await(LogonUser.class, "frank", Duration.ofSeconds(90), u -> TestKube.has(u.getStatus().getConditions(), "Ready",
        "False", "SecretConflict"));
    assertThat(message(refused.getStatus().getConditions(), "Ready")).contains("frank-password")
        .contains("not the one the operator generated");
    assertWarning(refused, "SecretConflict");
    sleep(Duration.ofSeconds(4));
    assertThat(pinned.exec("getent", "passwd", "frank").exitCode()).as("nothing was done on the instance").isNotZero();
    assertThat(Ssh.passwordLogin(pinned, "frank", chosen)).isFalse();
  }

  private static String instance(String name, Sandbox sandbox, String extraSpec) {
    return "kind: EcsInstance\nmetadata: {name: " + name + "}\nspec:\n  address: 127.0.0.1\n  port: " + sandbox.port()
        + "\n  adminUser: " + sandbox.adminUser() + "\n  adminCredentialsSecretRef: {name: " + name + "-admin}\n"
        + extraSpec;
  }

  private static void relabel(String secret, String usage) {
    kube.client().secrets().inNamespace(NS).withName(secret)
        .edit(s -> new SecretBuilder(s).editMetadata().addToLabels(KubeObjects.USAGE, usage).endMetadata().build());
  }

  private static Secret secret(String name) {
    return kube.client().secrets().inNamespace(NS).withName(name).get();
  }

  private static String password(String secretName) {
    return new String(Base64.getDecoder().decode(secret(secretName).getData().get("password")), StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean hasCondition(EcsInstance instance, String type, String status, String reason) {
    return instance.getStatus() != null && hasCondition(instance.getStatus().getConditions(), type, status, reason);
  }

  private static boolean hasCondition(List<Condition> conditions, String type, String status, String reason) {
    return TestKube.has(conditions, type, status, reason);
  }

  private static String message(EcsInstance instance, String type) {
    return instance.getStatus() == null ? "" : message(instance.getStatus().getConditions(), type);
  }

  private static String message(List<Condition> conditions, String type) {
    return TestKube.condition(conditions, type).map(Condition::getMessage).orElse("");
  }

  private static void assertWarning(HasMetadata object, String reason) {
    Predicate<Event> warning = e -> "Warning".equals(e.getType()) && reason.equals(e.getReason());
    Awaitility.await(reason + " Warning on " + object.getMetadata().getName()).atMost(Duration.ofSeconds(10))
        .until(() -> KubeObjects.eventsFor(kube.client(), object).stream().anyMatch(warning));
  }

  private static void sleep(Duration duration) {
    Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
  }
}
