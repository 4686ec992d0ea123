package io.ecslogon.operator.ecsinstance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairAttachment;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.Attach;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.AttachedBefore;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.Decision;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.InEffect;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.NowInEffect;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.Refused;
import io.ecslogon.operator.ecsinstance.KeyPairAttachStep.Waiting;
import io.ecslogon.operator.host.HostKeyFingerprint;
import io.ecslogon.operator.lockout.AdminAccess;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Every way spec.alibabaCloud.keyPairRef can come out on a visit, the lock-out refusals first. */
class KeyPairAttachStepTest {
  private static final String REGION = "cn-hangzhou";
  private static final String ROOT_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOZXxxQTS6OZWxgOUbhYw7QdiJZqOspgpmadoSjdo/8q";
  private static final String ROOT_KEY_FP = HostKeyFingerprint.sha256(Base64.getDecoder().decode(ROOT_KEY.split(" ")[1]));
  private static final String PAIR_FP = "SHA256:KZwluhttFibMvVELTDnW92WTYnx6DJQw6tjcz0ZQN2Q";
  private static final AdminAccess SUDOER = new AdminAccess("ecs-user", true, ROOT_KEY);
  private static final AdminAccess ROOT = new AdminAccess("root", true, ROOT_KEY);
  private static final AdminAccess ROOT_PASSWORD = new AdminAccess("root", false, null);
  private static final AdminAccess SUDOER_PASSWORD = new AdminAccess("ecs-user", false, null);

  @Test
  void aPasswordAdminIsRefusedWhateverItsUser() {
    for (AdminAccess admin : new AdminAccess[] {ROOT_PASSWORD, SUDOER_PASSWORD}) {
      Decision decision = decide(registered(PAIR_FP), null, admin, null, "boot-1");
      assertThat(decision).isInstanceOfSatisfying(Refused.class, refused -> {
        assertThat(refused.reason()).isEqualTo("WouldLockOutOperator");
        assertThat(refused.message()).contains("turns password logins off", "nothing was attached");
      });
    }
  }

  @Test
  void rootWithAnotherKeyIsRefusedAndRootWithTheKeyPairsKeyIsNot() {
    assertThat(decide(registered(PAIR_FP), null, ROOT, null, "boot-1")).isInstanceOfSatisfying(Refused.class,
        refused -> assertThat(refused.message()).contains("replaces root's authorized_keys", PAIR_FP, ROOT_KEY_FP));
    assertThat(decide(registered(PAIR_FP), null, new AdminAccess("root", true, null), null, "boot-1"))
        .as("root's key unreadable").isInstanceOf(Refused.class);

    assertThat(decide(registered(ROOT_KEY_FP), null, ROOT, null, "boot-1")).isEqualTo(
        new Attach("default-ops", "ops", ROOT_KEY_FP, "aa:bb"));
  }

  @Test
  void aSudoerWithAKeyGetsTheKeyPairAttachedInPlaceOfAnother() {
    assertThat(decide(registered(PAIR_FP), "someone-elses", SUDOER, null, "boot-1"))
        .isEqualTo(new Attach("default-ops", "ops", PAIR_FP, "aa:bb"));
  }

  @Test
  void onlyAKeyPairRegisteredInTheInstancesRegionIsAttached() {
    assertThat(reason(decide(null, null, SUDOER, null, "b"))).isEqualTo("KeyPairNotFound");
    assertThat(reason(decide(keyPair("spec: {type: rsa}\n"), null, SUDOER, null, "b"))).isEqualTo("KeyPairNotRegistered");
    assertThat(reason(decide(keyPair("spec: {type: rsa, alibabaCloud: {regionId: cn-beijing}}\n"), null, SUDOER, null,
        "b"))).isEqualTo("RegionMismatch");
    assertThat(reason(decide(keyPair("spec: {type: rsa, alibabaCloud: {regionId: cn-hangzhou}}\n"), null, SUDOER,
        null, "b"))).as("no status yet").isEqualTo("KeyPairNotRegistered");
    KeyPair stillBound = keyPair(spec() + status(PAIR_FP, "False", "StillBound"));
    assertThat(decide(stillBound, null, SUDOER, null, "b")).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.reason()).isEqualTo("KeyPairNotRegistered");
      assertThat(refused.message()).contains("StillBound");
    });
  }

  @Test
  void anAttachWaitsForAnotherBootIdAndIsInEffectFromThen() {
    AlibabaCloudKeyPairAttachment attached = attachment(null);

    assertThat(decide(registered(PAIR_FP), "default-ops", SUDOER, attached, "boot-1")).isEqualTo(new Waiting(attached));
    assertThat(decide(registered(PAIR_FP), "default-ops", SUDOER, attached, "boot-2"))
        .isEqualTo(new NowInEffect(attached));
    AlibabaCloudKeyPairAttachment done = attachment("2025-01-01T00:00:00Z");
    assertThat(decide(registered(PAIR_FP), "default-ops", SUDOER, done, "boot-3")).isEqualTo(new InEffect(done));
  }

  @Test
  void whileItWaitsTheLockOutRuleIsAskedAgain() {
    assertThat(decide(registered(PAIR_FP), "default-ops", ROOT_PASSWORD, attachment(null), "boot-1"))
        .isInstanceOfSatisfying(Refused.class, refused -> {
          assertThat(refused.reason()).isEqualTo("WouldLockOutOperator");
          assertThat(refused.message()).contains("does not restart it", "DetachKeyPair").doesNotContain("nothing was");
        });
  }

  @Test
  void aKeyPairBoundWithoutTheOperatorIsLeftAlone() {
    assertThat(decide(registered(PAIR_FP), "default-ops", ROOT_PASSWORD, null, "boot-1"))
        .isEqualTo(new AttachedBefore("default-ops"));
    AlibabaCloudKeyPairAttachment another = attachment(null);
    another.setKeyPairName("older");
    assertThat(decide(registered(PAIR_FP), "default-ops", SUDOER, another, "boot-1"))
        .isEqualTo(new AttachedBefore("default-ops"));
  }

  private static Decision decide(KeyPair keyPair, String boundInEcs, AdminAccess admin,
      AlibabaCloudKeyPairAttachment attachment, String bootId) {
    return KeyPairAttachStep.decide("ops", keyPair, REGION, boundInEcs, admin, attachment, bootId);
  }

  private static String reason(Decision decision) {
    return ((Refused) decision).reason();
  }

  private static AlibabaCloudKeyPairAttachment attachment(String inEffectAt) {
    AlibabaCloudKeyPairAttachment attachment = new AlibabaCloudKeyPairAttachment();
    attachment.setKeyPairName("default-ops");
    attachment.setKeyPair("ops");
    attachment.setFingerprint(PAIR_FP);
    attachment.setBootIdBefore("boot-1");
    attachment.setRestartRequestId("uid/key-pair/default-ops@2025-01-01T00:00:00Z");
    attachment.setInEffectAt(inEffectAt);
    return attachment;
  }

  private static KeyPair registered(String fingerprint) {
    return keyPair(spec() + status(fingerprint, "True", "Registered"));
  }

  private static String spec() {
    return "spec: {type: rsa, alibabaCloud: {regionId: cn-hangzhou}}\n";
  }

  private static String status(String fingerprint, String registered, String reason) {
    return "status:\n  alibabaCloud: {keyPairName: default-ops, regionId: cn-hangzhou, fingerprint: 'aa:bb',"
        + " registeredPublicKeyFingerprint: '" + fingerprint + "'}\n  conditions:\n"
        + "  - {type: RegisteredInEcs, status: '" + registered + "', reason: " + reason + "}\n";
  }

  private static KeyPair keyPair(String body) {
    return Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\nkind: KeyPair\nmetadata: {name: ops,"
        + " namespace: default}\n" + body, KeyPair.class);
  }
}
