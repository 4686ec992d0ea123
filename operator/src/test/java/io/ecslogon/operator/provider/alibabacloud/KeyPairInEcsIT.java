package io.ecslogon.operator.provider.alibabacloud;

import static io.ecslogon.operator.testing.StatusConditions.awaitCondition;
import static io.ecslogon.operator.testing.StatusConditions.messageOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.AttachKeyPairRequest;
import com.aliyun.ecs20140526.models.DescribeKeyPairsRequest;
import com.aliyun.ecs20140526.models.DescribeKeyPairsResponseBody.DescribeKeyPairsResponseBodyKeyPairsKeyPair;
import com.aliyun.ecs20140526.models.DetachKeyPairRequest;
import com.aliyun.ecs20140526.models.ImportKeyPairRequest;
import com.aliyun.teaopenapi.models.Config;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.keypair.KeyPairReconciler;
import io.ecslogon.operator.testing.AdjustableClock;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.ecs.EmulatedInstance;
import io.ecslogon.operator.testing.ecs.RecordedCall;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * KeyPairs with spec.alibabaCloud registered as key pairs in ECS, through the real SDK against the
 * local ECS emulator (which checks every signature, ECS's key type rules and its name rules).
 */
class KeyPairInEcsIT {
  private static final String NS = "default";
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "LTAI5tKeyPairEmulator";
  private static final String ACCESS_KEY_SECRET = "emulator-secret-kp-0a1b2c3d4e5f6789";
  private static final String REGISTERED = "RegisteredInEcs";
  private static final AdjustableClock CLOCK = new AdjustableClock();

  private static final EcsEmulator ecs = EcsEmulator.start(ACCESS_KEY_ID, ACCESS_KEY_SECRET);

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2), CLOCK,
      config -> config.withAlibabaCloud(config.alibabaCloud().withEndpoint(ecs.endpoint(), "HTTP")));

  @TempDir
  Path dir;

  private static KubernetesClient client;
  private static Client sdk;

  @BeforeAll
  static void credentials() throws Exception {
    client = controlPlane.client();
    client.resource(new SecretBuilder().withNewMetadata().withName("ecs-credentials").withNamespace(NS)
        .addToLabels(KubeObjects.USAGE, "alibaba-cloud-credentials").endMetadata()
        .withType("Opaque")
        .withStringData(Map.of("accessKeyId", ACCESS_KEY_ID, "accessKeySecret", ACCESS_KEY_SECRET)).build())
        .serverSideApply();
    sdk = new Client(new Config().setAccessKeyId(ACCESS_KEY_ID).setAccessKeySecret(ACCESS_KEY_SECRET)
        .setRegionId(REGION).setEndpoint(ecs.endpoint()).setProtocol("HTTP"));
  }

  @AfterAll
  static void stopEmulator() {
    ecs.close();
  }

  @Test
  void aGeneratedRsaKeyIsRegisteredWithTheFingerprintEcsAndSshKeygenAgreeOn() throws Exception {
    KeyPair registered = awaitCondition(client, create("web-rsa", "type: rsa\n  bits: 2048", null), REGISTERED,
        "True", "Registered");

    var cloud = registered.getStatus().getAlibabaCloud();
    assertThat(cloud.getKeyPairName()).as("namespace-name by default").isEqualTo("default-web-rsa");
    assertThat(cloud.getRegionId()).isEqualTo(REGION);
    assertThat(cloud.getRegisteredPublicKeyFingerprint()).isEqualTo(registered.getStatus().getFingerprint());
    DescribeKeyPairsResponseBodyKeyPairsKeyPair inEcs = inEcs("default-web-rsa").orElseThrow();
    assertThat(cloud.getFingerprint()).isEqualTo(inEcs.getKeyPairFingerPrint())
        .isEqualTo(registered.getStatus().getMd5Fingerprint());
    Path publicKey = Files.writeString(dir.resolve("web-rsa.pub"), registered.getStatus().getPublicKey() + "\n");
    assertThat(OpenSshTools.sshKeygen("-E", "md5", "-lf", publicKey.toString()))
        .contains("MD5:" + inEcs.getKeyPairFingerPrint());
    assertThat(ecs.calls("ImportKeyPair")).filteredOn(call -> "default-web-rsa".equals(name(call)))
        .singleElement().satisfies(call -> {
          assertThat(call.accepted()).isTrue();
          assertThat(call.parameters().get("RegionId")).isEqualTo(REGION);
        });
    assertThat(registered.getMetadata().getFinalizers()).contains(KeyPairReconciler.ECS_FINALIZER);
    assertThat(KubeObjects.eventsFor(client, registered)).anySatisfy(e -> assertThat(e.getReason())
        .isEqualTo("Registered"));
  }

  @Test
  void aGeneratedEcdsaKeyIsRegisteredUnderItsOwnName() {
    KeyPair registered = awaitCondition(client, create("web-ecdsa", "type: ecdsa",
        "keyPairName: ops.web-ecdsa:2"), REGISTERED, "True", "Registered");

    assertThat(inEcs("ops.web-ecdsa:2")).hasValueSatisfying(kp -> assertThat(kp.getKeyPairFingerPrint())
        .isEqualTo(registered.getStatus().getMd5Fingerprint()));
  }

  @Test
  void anImportedEd25519KeyIsRefusedWithoutAskingEcs() throws Exception {
    String ed25519 = generateKey("ed25519");
    KeyPair refused = awaitCondition(client, create("web-ed25519", "publicKey: " + ed25519, null), REGISTERED,
        "False", "KeyTypeNotAccepted");

    assertThat(messageOf(refused, REGISTERED)).contains("rsa and ecdsa");
    assertThat(ecs.calls("ImportKeyPair")).noneMatch(call -> "default-web-ed25519".equals(name(call)));
    assertThat(ecs.calls("DescribeKeyPairs")).noneMatch(call -> "default-web-ed25519".equals(name(call)));
    assertThat(KubeObjects.eventsFor(client, refused)).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("KeyTypeNotAccepted");
      assertThat(e.getType()).isEqualTo("Warning");
    });
  }

  @Test
  void theApiRefusesAlibabaCloudWithEd25519OrNoType() {
    for (String type : new String[] {"type: ed25519", "secretName: no-type-ssh-key"}) {
      KubernetesClientException refused = catchThrowableOfType(() -> create("no-ed25519", type, null),
          KubernetesClientException.class);
      assertThat(refused).isNotNull();
      assertThat(refused.getMessage()).contains("alibabaCloud needs type rsa or ecdsa");
    }
  }

  @Test
  void aNameSomeoneElseRegisteredIsRefusedAndNeverDeleted() throws Exception {
    String theirs = generateKey("rsa");
    sdk.importKeyPair(new ImportKeyPairRequest().setRegionId(REGION).setKeyPairName("someone-elses")
        .setPublicKeyBody(theirs));
    String theirFingerprint = inEcs("someone-elses").orElseThrow().getKeyPairFingerPrint();

    KeyPair refused = awaitCondition(client, create("taken", "type: rsa\n  bits: 2048", "keyPairName: someone-elses"),
        REGISTERED, "False", "NameTaken");
    assertThat(messageOf(refused, REGISTERED)).contains("someone-elses").contains(theirFingerprint);
    assertThat(refused.getStatus().getAlibabaCloud()).isNull();

    client.resource(refused).delete();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.resource(refused).get() == null);
    assertThat(inEcs("someone-elses")).hasValueSatisfying(kp -> assertThat(kp.getKeyPairFingerPrint())
        .isEqualTo(theirFingerprint));
    assertThat(ecs.calls("DeleteKeyPairs")).noneMatch(call -> call.parameters().get("KeyPairNames")
        .contains("someone-elses"));
  }

  @Test
  void deletingTheKeyPairDeletesItsKeyPairInEcs() {
    KeyPair registered = awaitCondition(client, create("short-lived", "type: ecdsa", null), REGISTERED, "True",
        "Registered");
    assertThat(inEcs("default-short-lived")).isPresent();

    client.resource(registered).delete();

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.resource(registered).get() == null);
    assertThat(inEcs("default-short-lived")).isEmpty();
  }

  @Test
  void aKeyPairBoundToAnInstanceKeepsTheFinalizerUntilItIsDetached() throws Exception {
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-bound0000000001", "127.0.0.1"));
    KeyPair registered = awaitCondition(client, create("bound", "type: rsa\n  bits: 2048", null), REGISTERED, "True",
        "Registered");
    sdk.attachKeyPair(new AttachKeyPairRequest().setRegionId(REGION).setKeyPairName("default-bound")
        .setInstanceIds("[\"i-bound0000000001\"]"));

    client.resource(registered).delete();

    KeyPair held = awaitCondition(client, registered, REGISTERED, "False", "StillBound");
    assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(held.getMetadata().getFinalizers()).contains(KeyPairReconciler.ECS_FINALIZER);
    assertThat(messageOf(held, REGISTERED)).contains("default-bound").contains("KeypairAlreadyAttachedInstance");
    assertThat(KubeObjects.eventsFor(client, held)).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("StillBound");
      assertThat(e.getType()).isEqualTo("Warning");
    });
    assertThat(inEcs("default-bound")).isPresent();

    sdk.detachKeyPair(new DetachKeyPairRequest().setRegionId(REGION).setKeyPairName("default-bound")
        .setInstanceIds("[\"i-bound0000000001\"]"));

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> client.resource(registered).get() == null);
    assertThat(inEcs("default-bound")).isEmpty();
  }

  @Test
  void aRotatedKeyIsImportedAgainUnderTheSameName() {
    KeyPair first = awaitCondition(client, create("rotating", "type: rsa\n  bits: 2048\n"
        + "  rotation: {interval: 1h, renewBefore: 20m}", null), REGISTERED, "True", "Registered");
    String oldFingerprint = first.getStatus().getFingerprint();

    CLOCK.advance(Duration.ofMinutes(41));

    KeyPair rotated = awaitStatus(first, kp -> !oldFingerprint.equals(kp.getStatus().getFingerprint())
        && kp.getStatus().getAlibabaCloud() != null
        && kp.getStatus().getFingerprint().equals(kp.getStatus().getAlibabaCloud().getRegisteredPublicKeyFingerprint()));
    assertThat(rotated.getStatus().getAlibabaCloud().getKeyPairName()).isEqualTo("default-rotating");
    assertThat(inEcs("default-rotating")).hasValueSatisfying(kp -> assertThat(kp.getKeyPairFingerPrint())
        .isEqualTo(rotated.getStatus().getMd5Fingerprint()));
    assertThat(ecs.calls("DeleteKeyPairs")).anyMatch(call -> call.parameters().get("KeyPairNames")
        .contains("default-rotating"));
    assertThat(ecs.calls("ImportKeyPair")).filteredOn(call -> "default-rotating".equals(name(call)))
        .filteredOn(RecordedCall::accepted).hasSize(2);
    assertThat(KubeObjects.eventsFor(client, rotated)).anySatisfy(e -> assertThat(e.getReason())
        .isEqualTo("ReimportedInEcs"));
  }

  @Test
  void noAccessKeySecretInLogsEventsOrStatus() {
    awaitCondition(client, create("leakcheck", "type: ecdsa", null), REGISTERED, "True", "Registered");

    assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(ACCESS_KEY_SECRET));
    assertThat(Serialization.asJson(client.resources(KeyPair.class).inNamespace(NS).list()))
        .doesNotContain(ACCESS_KEY_SECRET);
    List<Event> events = client.v1().events().inNamespace(NS).list().getItems();
    assertThat(events).isNotEmpty().noneMatch(e -> String.valueOf(e.getMessage()).contains(ACCESS_KEY_SECRET));
  }

  private static KeyPair create(String name, String spec, String cloudExtra) {
    String cloud = "  alibabaCloud:\n    regionId: " + REGION + "\n    credentialsSecretRef: {name: ecs-credentials}\n"
        + (cloudExtra == null ? "" : "    " + cloudExtra + "\n");
    return (KeyPair) client.resource(Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\nkind: KeyPair\n"
        + "metadata: {name: " + name + ", namespace: " + NS + "}\nspec:\n  " + spec + "\n" + cloud, KeyPair.class))
        .create();
  }

  private static Optional<DescribeKeyPairsResponseBodyKeyPairsKeyPair> inEcs(String name) {
    try {
      var keyPairs = sdk.describeKeyPairs(new DescribeKeyPairsRequest().setRegionId(REGION).setKeyPairName(name))
          .getBody().getKeyPairs().getKeyPair();
      return keyPairs == null ? Optional.empty() : keyPairs.stream().filter(kp -> name.equals(kp.getKeyPairName()))
          .findFirst();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String name(RecordedCall call) {
    return call.parameters().get("KeyPairName");
  }

  private String generateKey(String type) throws Exception {
    OpenSshTools.sshKeygen("-q", "-t", type, "-N", "", "-C", "test@ecs", "-f", dir.resolve(type).toString());
    return Files.readString(dir.resolve(type + ".pub")).strip();
  }

  private static KeyPair awaitStatus(KeyPair keyPair, Predicate<KeyPair> test) {
    return Awaitility.await(keyPair.getMetadata().getName()).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> client.resource(keyPair).get(), kp -> kp != null && kp.getStatus() != null && test.test(kp));
  }
}
