package io.ecslogon.operator.keypair;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.awaitReason;
import static io.ecslogon.operator.testing.StatusConditions.conditionOf;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.testing.AdjustableClock;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KeyPair against a real API server; keys judged by ssh-keygen and by a real sshd login. */
class KeyPairIT {
  private static final String NS = "default";
  private static final String PASSPHRASE = "pass-" + UUID.randomUUID();
  private static final AdjustableClock CLOCK = new AdjustableClock();

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("target").build();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2), CLOCK);

  @TempDir
  Path dir;

  static Stream<Arguments> everyTypeAndSize() {
    return Stream.of(Arguments.of("ed25519", null, 256), Arguments.of("rsa", 2048, 2048), Arguments.of("rsa", null, 3072),
        Arguments.of("rsa", 4096, 4096), Arguments.of("ecdsa", null, 256), Arguments.of("ecdsa", 384, 384),
        Arguments.of("ecdsa", 521, 521));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("everyTypeAndSize")
  void generatesAKeyThatOpenSshAcceptsAndLogsOnWith(String type, Integer bits, int expectedBits) throws Exception {
    String name = "gen-" + type + "-" + expectedBits;
    KeyPair ready = awaitCondition(client(), create(name, "type: " + type + (bits == null ? "" : "\n  bits: " + bits)), "Ready", "True", null);

    Secret secret = client().secrets().inNamespace(NS).withName(name + "-ssh-key").get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/ssh-auth");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ecs-logon-operator");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getUid()).isEqualTo(ready.getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });
    Path key = OpenSshTools.privateKeyFile(dir, secret);
    assertThat(OpenSshTools.sshKeygen("-y", "-f", key.toString())).startsWith(ready.getStatus().getPublicKey() + " ");
    assertThat(OpenSshTools.sshKeygen("-l", "-f", key.toString())).startsWith(expectedBits + " " + ready.getStatus().getFingerprint());
    assertThat(OpenSshTools.sshKeygen("-l", "-E", "md5", "-f", key.toString())).contains("MD5:" + ready.getStatus().getMd5Fingerprint());
    assertThat(ready.getStatus().getType()).isEqualTo(type);
    assertThat(ready.getStatus().getBits()).isEqualTo(expectedBits);

    Sandbox target = sandboxes.get("target");
    target.execWithStdin((ready.getStatus().getPublicKey() + "\n").getBytes(StandardCharsets.UTF_8),
        "sh", "-c", "cat >> /root/.ssh/authorized_keys").orThrow("authorize");
    assertThat(Ssh.run(target, "root", key, "echo logged-on").stdout()).contains("logged-on");
  }

  @Test
  void deletingAKeyPairGarbageCollectsTheSecretItOwns() {
    KeyPair ready = awaitCondition(client(), create("short-story", "type: ed25519"), "Ready", "True", null);
    assertThat(client().secrets().inNamespace(NS).withName("short-story-ssh-key").get()).isNotNull();

    client().resource(ready).delete();

    // Collected by the real garbage collector (kube-controller-manager beside the test API
    // server) through the controller ownerReference, as on a cluster: the operator deletes nothing.
    Awaitility.await("short-story-ssh-key collected").atMost(Duration.ofSeconds(60))
        .until(() -> client().secrets().inNamespace(NS).withName("short-story-ssh-key").get() == null);
  }

  @Test
  void aPassphraseFromASecretEncryptsThePrivateKey() throws Exception {
    client().resource(new SecretBuilder().withNewMetadata().withName("pp").withNamespace(NS)
        .addToLabels(KubeObjects.USAGE, "passphrase").endMetadata()
        .addToStringData("passphrase", PASSPHRASE).build()).create();
    KeyPair ready = awaitCondition(client(), create("protected", "type: ed25519\n  passphraseSecretRef: {name: pp}"), "Ready", "True", null);

    Path key = OpenSshTools.privateKeyFile(dir, client().secrets().inNamespace(NS).withName("protected-ssh-key").get());
    assertThat(OpenSshTools.sshKeygen("-y", "-P", PASSPHRASE, "-f", key.toString())).startsWith(ready.getStatus().getPublicKey());
    assertThat(OpenSshTools.run("ssh-keygen", "-y", "-P", "", "-f", key.toString()).exitCode()).as("needs the passphrase").isNotZero();
  }

  @Test
  void importsAPublicKeyWithoutCreatingASecret() {
    String line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHYpGNsBtU2PAdpuMuVzL8bD1x0H0Y1JJqMgWGpl8kVK alice@laptop";
    KeyPair ready = awaitCondition(client(), create("imported", "publicKey: '" + line + "'"), "Ready", "True", null);

    assertThat(ready.getStatus().getPublicKey()).isEqualTo(line.substring(0, line.lastIndexOf(' ')));
    assertThat(conditionOf(ready, "Ready").orElseThrow().getReason()).isEqualTo("Imported");
    assertThat(ready.getStatus().getSecretName()).isNull();
    assertThat(ownedSecrets()).noneMatch(s -> s.getMetadata().getName().startsWith("imported"));
  }

  @Test
  void refusesWhatTheSchemaCannotSeeWithAConditionAndAnEvent() {
    // Well-formed lines the schema accepts: a 1024-bit RSA key, and a blob of another type.
    String rsa1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDAYd0gEYZwnZNp2E6UiPZ3c6hs2PqkzQ4uQ+nzOuGzZsqrg0t7K1p4Rk"
        + "8cNUyuLHIVRVwGLs28E5m8EjVAL8A24pxaCz9uhdcVn0zcn0NjLgh6lqtQn66EEV46JRUxW7ydunTddVUIqmYlx9e2mgfxAQkZ7Jr8bUpb+zj5YIy/aw==";
    String mismatched = "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHYpGNsBtU2PAdpuMuVzL8bD1x0H0Y1JJqMgWGpl8kVK";
    for (Map.Entry<String, String> bad : Map.of("weak-rsa", rsa1024, "mismatched", mismatched).entrySet()) {
      KeyPair refused = awaitReason(client(), create(bad.getKey(), "publicKey: '" + bad.getValue() + "'"), "Ready", "InvalidPublicKey");
      assertThat(conditionOf(refused, "Ready").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(refused.getStatus().getPublicKey()).isNull();
      assertThat(KubeObjects.eventsFor(client(), refused)).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("InvalidPublicKey");
      });
    }
    assertThat(messageOf(client().resources(KeyPair.class).inNamespace(NS).withName("weak-rsa").get(), "Ready"))
        .contains("at least 2048 bits");
  }

  @Test
  void neverOverwritesASecretItDoesNotOwn() {
    client().resource(new SecretBuilder().withNewMetadata().withName("taken").withNamespace(NS).endMetadata()
        .addToStringData("note", "someone else's").build()).create();

    KeyPair conflict = awaitReason(client(), create("conflict", "secretName: taken"), "Ready", "SecretConflict");

    assertThat(conditionOf(conflict, "Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(client().secrets().inNamespace(NS).withName("taken").get().getData()).containsOnlyKeys("note");
  }

  @Test
  void aDeletedSecretGetsANewKeyAndTheOldOneIsListed() {
    KeyPair first = awaitCondition(client(), create("recreate", "type: ed25519"), "Ready", "True", null);
    String oldKey = first.getStatus().getPublicKey();

    client().secrets().inNamespace(NS).withName("recreate-ssh-key").delete();

    KeyPair second = awaitStatus(first, kp -> kp.getStatus().getPublicKey() != null
        && !oldKey.equals(kp.getStatus().getPublicKey()) && client().secrets().inNamespace(NS).withName("recreate-ssh-key").get() != null);
    assertThat(second.getStatus().getPreviousPublicKeys()).extracting("publicKey").containsExactly(oldKey);
    assertThat(KubeObjects.eventsFor(client(), second)).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SecretRecreated"));
  }

  @Test
  void aSecretEditedByHandIsReportedNotOverwritten() {
    KeyPair ready = awaitCondition(client(), create("edited", "type: ed25519"), "Ready", "True", null);
    client().secrets().inNamespace(NS).withName("edited-ssh-key").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"data\":{\"ssh-publickey\":\"" + Base64.getEncoder().encodeToString("ssh-ed25519 AAAAsomethingelse".getBytes())
            + "\"}}");

    awaitReason(client(), ready, "Ready", "SecretModified");
    assertThat(new String(Base64.getDecoder().decode(
        client().secrets().inNamespace(NS).withName("edited-ssh-key").get().getData().get("ssh-publickey"))))
        .isEqualTo("ssh-ed25519 AAAAsomethingelse");
  }

  @Test
  void rotationReplacesTheKeyAndKeepsThePreviousOneListed() {
    KeyPair first = awaitCondition(client(), create("rotating", "type: ed25519\n  rotation: {interval: 1h, renewBefore: 20m}"), "Ready", "True", null);
    String oldKey = first.getStatus().getPublicKey();

    CLOCK.advance(Duration.ofMinutes(41));

    KeyPair rotated = awaitStatus(first, kp -> kp.getStatus().getPublicKey() != null && !oldKey.equals(kp.getStatus().getPublicKey()));
    assertThat(rotated.getStatus().getPreviousPublicKeys()).extracting("publicKey").contains(oldKey);
    Secret secret = client().secrets().inNamespace(NS).withName("rotating-ssh-key").get();
    assertThat(new String(Base64.getDecoder().decode(secret.getData().get("ssh-publickey"))))
        .startsWith(rotated.getStatus().getPublicKey());
    assertThat(KubeObjects.eventsFor(client(), rotated)).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Rotated"));
  }

  @Test
  void expiryRemovesTheSecretAndReportsExpired() {
    KeyPair ready = awaitCondition(client(), create("temporary", "type: ed25519\n  expiresAfter: 1m"), "Ready", "True", null);
    assertThat(ready.getStatus().getExpiresAt()).isNotNull();

    CLOCK.advance(Duration.ofMinutes(2));

    KeyPair expired = awaitReason(client(), ready, "Ready", "Expired");
    assertThat(conditionOf(expired, "Ready").orElseThrow().getStatus()).isEqualTo("False");
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> client().secrets().inNamespace(NS).withName("temporary-ssh-key").get() == null);
  }

  @Test
  void noPrivateKeyOrPassphraseInLogsEventsOrStatus() {
    awaitCondition(client(), create("leakcheck", "type: rsa\n  bits: 2048"), "Ready", "True", null);
    List<String> secretsSeen = new ArrayList<>(List.of(PASSPHRASE));
    for (Secret secret : ownedSecrets()) {
      String pem = new String(Base64.getDecoder().decode(secret.getData().get("ssh-privatekey")), StandardCharsets.UTF_8);
      String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      secretsSeen.add(body.substring(body.length() / 2 - 20, body.length() / 2 + 20));
    }
    String everything = String.join("\n", logs.lines())
        + Serialization.asJson(client().resources(KeyPair.class).inNamespace(NS).list())
        + Serialization.asJson(client().v1().events().inNamespace(NS).list());
    assertThat(secretsSeen).hasSizeGreaterThan(1);
    for (String secret : secretsSeen) {
      assertThat(everything).doesNotContain(secret);
    }
  }

  private static KubernetesClient client() {
    return controlPlane.client();
  }

  private static List<Secret> ownedSecrets() {
    return client().secrets().inNamespace(NS).withLabel("app.kubernetes.io/managed-by", "ecs-logon-operator").list().getItems();
  }

  private static KeyPair create(String name, String spec) {
    return (KeyPair) client().resource(Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\nkind: KeyPair\n"
        + "metadata: {name: " + name + ", namespace: " + NS + "}\nspec:\n  " + spec + "\n", KeyPair.class)).create();
  }



  private static KeyPair awaitStatus(KeyPair keyPair, Predicate<KeyPair> test) {
    return Awaitility.await(keyPair.getMetadata().getName()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> client().resources(KeyPair.class).inNamespace(NS).withName(keyPair.getMetadata().getName()).get(),
            kp -> kp != null && kp.getStatus() != null && test.test(kp));
  }


}
