package io.ecslogon.operator.lockout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.host.HostKeyFingerprint;
import io.ecslogon.operator.lockout.LockOutGuard.SudoChange;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockOutGuardTest {
  private static final String ADMIN_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdminAdminAdminAdminAdminAdminAdminAdmin";
  private static final String OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther";
  private static final AdminAccess ROOT_WITH_KEY = new AdminAccess("root", true, ADMIN_KEY);
  private static final AdminAccess ECS_USER_WITH_KEY = new AdminAccess("ecs-user", true, ADMIN_KEY);
  private static final AdminAccess ECS_USER_WITH_PASSWORD = new AdminAccess("ecs-user", false, null);

  @ParameterizedTest(name = "{0} {1} as {2}, key={3}: refused={4}")
  @CsvSource({
      "PubkeyAuthentication,no,root,true,true",
      "PubkeyAuthentication,no,root,false,false",
      "PasswordAuthentication,no,ecs-user,false,true",
      "PasswordAuthentication,no,ecs-user,true,false",
      "PermitRootLogin,no,root,true,true",
      "PermitRootLogin,forced-commands-only,root,true,true",
      "PermitRootLogin,prohibit-password,root,true,false",
      "PermitRootLogin,prohibit-password,root,false,true",
      "PermitRootLogin,no,ecs-user,true,false",
      "PermitRootLogin,yes,root,false,false"})
  void refusesSshdSettingsThatWouldShutTheOperatorOut(String keyword, String value, String admin, boolean usesKey,
      boolean refused) {
    assertThat(LockOutGuard.sshd(new AdminAccess(admin, usesKey, null), Map.of(keyword, value)).isPresent())
        .isEqualTo(refused);
  }

  @Test
  void anAuthorizedKeysFileLosingTheAdminKeyIsRefused() {
    String before = ADMIN_KEY + " admin@laptop\n";
    String exclusiveOther = "# BEGIN block\n" + OTHER_KEY + "\n# END block\n";
    String exclusiveBoth = "# BEGIN block\n" + OTHER_KEY + "\n" + ADMIN_KEY + "\n# END block\n";

    assertThat(LockOutGuard.authorizedKeys(ROOT_WITH_KEY, "root", before, exclusiveOther)).get().asString()
        .contains("would not hold the key the operator logs on with as root");
    assertThat(LockOutGuard.authorizedKeys(ROOT_WITH_KEY, "root", before, exclusiveBoth)).isEmpty();
    assertThat(LockOutGuard.authorizedKeys(ROOT_WITH_KEY, "root", before, before + exclusiveOther)).isEmpty();
    assertThat(LockOutGuard.authorizedKeys(ROOT_WITH_KEY, "deploy", before, exclusiveOther))
        .as("another user's file").isEmpty();
    assertThat(LockOutGuard.authorizedKeys(ROOT_WITH_KEY, "root", OTHER_KEY + "\n", "")).as("the admin key was never"
        + " in this file").isEmpty();
    assertThat(LockOutGuard.authorizedKeys(ECS_USER_WITH_PASSWORD, "ecs-user", before, "")).as("logs on with a"
        + " password").isEmpty();
  }

  @Test
  void anEcsKeyPairIsAttachedOnlyWhereTheOperatorsLogonSurvivesIt() {
    String adminKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOZXxxQTS6OZWxgOUbhYw7QdiJZqOspgpmadoSjdo/8q";
    String adminFingerprint = HostKeyFingerprint.sha256(Base64.getDecoder().decode(adminKey.split(" ")[1]));
    String otherFingerprint = "SHA256:KZwluhttFibMvVELTDnW92WTYnx6DJQw6tjcz0ZQN2Q";
    AdminAccess root = new AdminAccess("root", true, adminKey);

    assertThat(LockOutGuard.ecsKeyPair(new AdminAccess("ecs-user", true, adminKey), "ops", otherFingerprint))
        .as("a sudoer keeps its own file").isEmpty();
    assertThat(LockOutGuard.ecsKeyPair(root, "ops", adminFingerprint)).as("root's key is the key pair's").isEmpty();
    assertThat(LockOutGuard.ecsKeyPair(root, "ops", otherFingerprint)).get().asString()
        .contains("replaces root's authorized_keys").contains(otherFingerprint).contains(adminFingerprint);
    assertThat(LockOutGuard.ecsKeyPair(ROOT_WITH_KEY, "ops", otherFingerprint)).as("root's key unreadable").get()
        .asString().contains("a key it cannot read");
    assertThat(LockOutGuard.ecsKeyPair(ECS_USER_WITH_PASSWORD, "ops", adminFingerprint)).get().asString()
        .contains("turns password logins off");
    assertThat(LockOutGuard.ecsKeyPair(new AdminAccess("root", false, null), "ops", adminFingerprint)).get().asString()
        .contains("with a password");
  }

  @Test
  void theAdminKeyIsFoundBehindOptions() {
    String before = "from=\"10.0.0.0/8\",no-pty " + ADMIN_KEY + " admin\n";
    assertThat(LockOutGuard.authorizedKeys(ECS_USER_WITH_KEY, "ecs-user", before, "")).isPresent();
    assertThat(LockOutGuard.authorizedKeys(ECS_USER_WITH_KEY, "ecs-user", before, ADMIN_KEY + "\n")).isEmpty();
  }

  @Test
  void anUnknownAdminKeyMeansNoKeyOfTheAdminMayGo() {
    AdminAccess unknownKey = new AdminAccess("root", true, null);
    String before = ADMIN_KEY + "\n" + OTHER_KEY + "\n";
    assertThat(LockOutGuard.authorizedKeys(unknownKey, "root", before, OTHER_KEY + "\n")).get().asString()
        .contains("would drop 1 key(s)");
    assertThat(LockOutGuard.authorizedKeys(unknownKey, "root", before, before + "ssh-rsa AAAAnew\n")).isEmpty();
  }

  @ParameterizedTest(name = "{1} for {0}: refused={2}")
  @CsvSource({
      "ecs-user,UNCHANGED,false",
      "ecs-user,PASSWORDLESS,false",
      "ecs-user,PASSWORD_REQUIRED,true",
      "ecs-user,REMOVED,true",
      "deploy,PASSWORD_REQUIRED,false",
      "deploy,REMOVED,false"})
  void aSudoerAdminKeepsPasswordlessSudo(String username, SudoChange change, boolean refused) {
    assertThat(LockOutGuard.sudo(ECS_USER_WITH_KEY, username, change).isPresent()).isEqualTo(refused);
  }

  @Test
  void rootNeedsNoSudo() {
    assertThat(LockOutGuard.sudo(ROOT_WITH_KEY, "root", SudoChange.PASSWORD_REQUIRED)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1} (listed={2}, regular executable={3}): refused={4}")
  @CsvSource({
      "ecs-user,/usr/sbin/nologin,false,true,true",
      "ecs-user,/tmp,false,false,true",
      "ecs-user,/bin/false,false,true,true",
      "ecs-user,/bin/sh,true,true,false",
      "ecs-user,/bin/bash,true,false,false",
      "deploy,/usr/sbin/nologin,false,true,false"})
  void theAdminKeepsALoginShell(String username, String wanted, boolean listed, boolean regular, boolean refused) {
    // /bin/bash is the current shell: no change, nothing to judge.
    assertThat(LockOutGuard.shell(ECS_USER_WITH_KEY, username, "/bin/bash", wanted, listed, regular).isPresent())
        .isEqualTo(refused);
  }

  @Test
  void aPasswordAdminsPasswordIsNotChangedAKeyAdminsMayBe() {
    assertThat(LockOutGuard.password(ECS_USER_WITH_PASSWORD, "ecs-user")).get().asString()
        .contains("admin Secret").doesNotContain("null");
    assertThat(LockOutGuard.password(ECS_USER_WITH_PASSWORD, "alice")).isEmpty();
    assertThat(LockOutGuard.password(ECS_USER_WITH_KEY, "ecs-user")).isEmpty();
  }

  @Test
  void theAdminAccountIsNeverDeleted() {
    assertThat(LockOutGuard.deleteAccount(ECS_USER_WITH_KEY, "ecs-user")).isPresent();
    assertThat(LockOutGuard.deleteAccount(ECS_USER_WITH_KEY, "deploy")).isEmpty();
  }
}
