package io.ecslogon.operator.ecsinstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's own key in its Secret and status against a real API server, with no operator
 * running: every step of a rotation recorded so that a crash between two writes is finished, not
 * refused, and nothing planted in the Secret is ever taken for the operator's key.
 */
class OwnAdminKeyIT {
  private static final String NS = "default";
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  private static KubernetesClient client;
  private static OwnAdminKey keys;

  @BeforeAll
  static void keys() {
    client = controlPlane.client();
    keys = new OwnAdminKey(client, new SshKeyGenerator(new SecureRandom()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aRotationCutBetweenRecordingThePromotionAndWritingTheSecretIsFinishedByTheNextVisit() {
    EcsInstance instance = instance("cut");
    AlibabaCloudInstanceStatus recorded = new AlibabaCloudInstanceStatus();
    OwnAdminKey.Key current = keys.ensure(instance, recorded);
    assertThat(recorded.getOperatorKeyCreatedAt()).isEqualTo(NOW.toString());
    OwnAdminKey.Key next = keys.next(instance, recorded);
    assertThat(keys.next(instance, recorded)).as("the recorded next key, not another").isEqualTo(next);

    // promote()'s first write, and a crash before its second.
    new OwnKeyFields().key(next.fingerprint(), NOW).retiring(current.publicKeyLine()).next(null).applyTo(recorded);
    assertThat(secret("cut").getData()).containsKey(OwnAdminKey.NEXT_PRIVATE_KEY);

    OwnAdminKey.Key afterCrash = keys.ensure(instance, recorded);

    assertThat(afterCrash).isEqualTo(next);
    assertThat(secret("cut").getData()).doesNotContainKey(OwnAdminKey.NEXT_PRIVATE_KEY);
    assertThat(keys.ensure(instance, recorded)).as("and from then on, as any key").isEqualTo(next);
  }

  @Test
  void aPromotionRecordsTheNewKeyThenMovesItInTheSecret() {
    EcsInstance instance = instance("promote");
    AlibabaCloudInstanceStatus recorded = new AlibabaCloudInstanceStatus();
    OwnAdminKey.Key current = keys.ensure(instance, recorded);
    OwnAdminKey.Key next = keys.next(instance, recorded);

    keys.promote(instance, recorded, current, next);

    assertThat(keys.ensure(instance, recorded)).isEqualTo(next);
    AlibabaCloudInstanceStatus written = client.resource(instance).get().getStatus().getAlibabaCloud();
    assertThat(written.getOperatorKeyFingerprint()).isEqualTo(next.fingerprint()).isEqualTo(recorded.getOperatorKeyFingerprint());
    assertThat(written.getOperatorKeyRetiringPublicKey()).isEqualTo(current.publicKeyLine());
    assertThat(written.getOperatorKeyNextFingerprint()).isNull();
    keys.retired(instance, recorded);
    assertThat(client.resource(instance).get().getStatus().getAlibabaCloud().getOperatorKeyRetiringPublicKey())
        .isNull();
    assertThat(recorded.getOperatorKeyRetiringPublicKey()).isNull();
  }

  @Test
  void aNextKeyPlantedInTheSecretIsReplacedNotUsed() {
    EcsInstance instance = instance("planted");
    AlibabaCloudInstanceStatus recorded = new AlibabaCloudInstanceStatus();
    OwnAdminKey.Key current = keys.ensure(instance, recorded);
    String plantedPrivateKey = secret("planted").getData().get(OwnAdminKey.PRIVATE_KEY);
    // Someone with write access to the Secret puts a key they hold in as the next one: here the
    // current key's own bytes stand for any key the operator did not record.
    client.resource(new SecretBuilder(secret("planted")).addToData(OwnAdminKey.NEXT_PRIVATE_KEY, plantedPrivateKey)
        .build()).update();

    OwnAdminKey.Key next = keys.next(instance, recorded);

    assertThat(next.fingerprint()).isNotEqualTo(current.fingerprint()).isEqualTo(recorded.getOperatorKeyNextFingerprint());
    assertThat(secret("planted").getData().get(OwnAdminKey.NEXT_PRIVATE_KEY)).isNotEqualTo(plantedPrivateKey);
  }

  @Test
  void aCurrentKeyReplacedInTheSecretIsRefusedEvenWhenItLooksLikeAnUnfinishedRotation() {
    EcsInstance instance = instance("edited");
    AlibabaCloudInstanceStatus recorded = new AlibabaCloudInstanceStatus();
    keys.ensure(instance, recorded);
    OwnAdminKey.Key next = keys.next(instance, recorded);
    // The next key copied over the current one by hand: status records no promotion of it.
    Secret edited = secret("edited");
    client.resource(new SecretBuilder(edited)
        .addToData(OwnAdminKey.PRIVATE_KEY, edited.getData().get(OwnAdminKey.NEXT_PRIVATE_KEY)).build()).update();

    assertThatThrownBy(() -> keys.ensure(instance, recorded)).isInstanceOf(CloudLookup.NotVisitable.class)
        .hasMessageContaining("holds another key than the one the operator made");
    assertThat(next.fingerprint()).isEqualTo(recorded.getOperatorKeyNextFingerprint());
  }

  private static Secret secret(String instance) {
    return client.secrets().inNamespace(NS).withName(instance + OwnAdminKey.SUFFIX).get();
  }

  private static EcsInstance instance(String name) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setAdminUser("root");
    AlibabaCloudInstance cloud = new AlibabaCloudInstance();
    cloud.setRegionId("cn-hangzhou");
    cloud.setInstanceId("i-" + name + "0000000000");
    spec.setAlibabaCloud(cloud);
    instance.setSpec(spec);
    return client.resource(instance).serverSideApply();
  }
}
