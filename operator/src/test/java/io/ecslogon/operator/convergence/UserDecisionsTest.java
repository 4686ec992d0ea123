package io.ecslogon.operator.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.api.v1alpha1.SudoPolicy;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFile;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFileState;
import io.ecslogon.operator.host.linux.LinuxUsers;
import io.ecslogon.operator.host.linux.LinuxUsers.PasswdEntry;
import io.ecslogon.operator.host.linux.SshdSettings;
import io.ecslogon.operator.lockout.AdminAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decisions on an observed instance, without one: a change the lock-out guard refuses decides no
 * change at all, the same change for another user or with the operator's key kept goes ahead, a
 * steady state decides nothing, and Exclusive empties authorized_keys2 too.
 */
class UserDecisionsTest {
  private static final String ADMIN_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdminAdminAdminAdminAdminAdminAdminAdmin";
  private static final String OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther";
  private static final AdminAccess ECS_USER = new AdminAccess("ecs-user", true, ADMIN_KEY);
  private static final AdminAccess ROOT = new AdminAccess("root", true, ADMIN_KEY);
  private static final SshdSettings SSHD = SshdSettings.parse("pubkeyauthentication yes\npasswordauthentication no\n"
      + "authorizedkeysfile .ssh/authorized_keys .ssh/authorized_keys2\n");

  private final Map<String, ObservedInstance.User> users = new HashMap<>();
  private final Map<String, ObservedInstance.Shell> shells = new HashMap<>(Map.of(
      "/bin/bash", new ObservedInstance.Shell(true, true),
      "/usr/sbin/nologin", new ObservedInstance.Shell(true, false),
      "/tmp", new ObservedInstance.Shell(false, false)));

  @Test
  void aPasswordSudoRuleForTheSudoerAdminDecidesNothing() {
    account("ecs-user", "", "/home/ecs-user", ADMIN_KEY + "\n", null);
    assertRefused(ECS_USER, user("ecs-user", null, SudoPolicy.password, KeyPolicy.Merge, List.of(), DeletionPolicy.RemoveKeys),
        "sudo: password for ecs-user");
    assertThat(decide(ECS_USER, user("ecs-user", null, SudoPolicy.passwordless, KeyPolicy.Merge, List.of(),
        DeletionPolicy.RemoveKeys)).changes()).extracting(UserChange::verb).contains("sudo");
  }

  @Test
  void anotherUsersPasswordSudoRuleIsNotTheGuardsBusiness() {
    account("deploy", LinuxUsers.MARKER, "/home/deploy", "", null);
    assertThat(decide(ECS_USER, user("deploy", null, SudoPolicy.password, KeyPolicy.Merge, List.of(),
        DeletionPolicy.Delete)).changes()).extracting(UserChange::verb).contains("sudo");
  }

  @Test
  void exclusiveKeysForRootMustKeepTheOperatorsKey() {
    account("root", "root", "/root", ADMIN_KEY + " admin@sandbox\n", null);
    assertRefused(ROOT, user("root", null, SudoPolicy.none, KeyPolicy.Exclusive, List.of(OTHER_KEY),
        DeletionPolicy.RemoveKeys), "would not hold the key the operator logs on with as root");
    assertThat(decide(ROOT, user("root", null, SudoPolicy.none, KeyPolicy.Exclusive, List.of(OTHER_KEY, ADMIN_KEY),
        DeletionPolicy.RemoveKeys)).changes()).singleElement().satisfies(c -> assertThat(c.verb()).isEqualTo("keys"));
  }

  @Test
  void theAdminKeepsALoginShell() {
    account("ecs-user", "", "/home/ecs-user", ADMIN_KEY + "\n", null);
    assertRefused(ECS_USER, user("ecs-user", "/usr/sbin/nologin", SudoPolicy.none, KeyPolicy.Merge, List.of(),
        DeletionPolicy.RemoveKeys), "/usr/sbin/nologin is not listed in /etc/shells");
  }

  @Test
  void deletionPolicyDeleteOnTheAdminIsRefusedWhenApplied() {
    account("ecs-user", "", "/home/ecs-user", ADMIN_KEY + "\n", null);
    assertRefused(ECS_USER, user("ecs-user", null, SudoPolicy.none, KeyPolicy.Merge, List.of(), DeletionPolicy.Delete),
        "deletionPolicy: Delete: deleting user ecs-user");
  }

  @Test
  void removingTheAdminsSudoRuleOrAccountDecidesNothing() {
    account("ecs-user", "", "/home/ecs-user", ADMIN_KEY + "\n", "ecs-user ALL=(ALL:ALL) NOPASSWD: ALL\n");
    UserDecisions decisions = new UserDecisions(observed(), ECS_USER);
    assertThatThrownBy(() -> decisions.remove("default/lu", "ecs-user", false, true))
        .isInstanceOfSatisfying(NotApplied.class, e -> assertThat(e.reason()).isEqualTo("WouldLockOutOperator"));
    assertThatThrownBy(() -> decisions.remove("default/lu", "ecs-user", true, true))
        .isInstanceOfSatisfying(NotApplied.class, e -> assertThat(e.getMessage()).contains("deleting user ecs-user"));
  }

  @Test
  void aUserInTheDeclaredStateDecidesNoChange() {
    DesiredUser deploy = user("deploy", "/bin/bash", SudoPolicy.passwordless, KeyPolicy.Merge, List.of(OTHER_KEY),
        DeletionPolicy.RemoveKeys);
    account("deploy", LinuxUsers.MARKER, "/home/deploy",
        AuthorizedKeysContent.merge("", "default/lu", List.of(OTHER_KEY)), deploy.sudoRule());
    assertThat(decide(ECS_USER, deploy).changes()).isEmpty();
  }

  @Test
  void exclusiveAlsoEmptiesAuthorizedKeys2WhichSshdReadsToo() {
    DesiredUser deploy = user("deploy", null, SudoPolicy.none, KeyPolicy.Exclusive, List.of(OTHER_KEY),
        DeletionPolicy.RemoveKeys);
    account("deploy", LinuxUsers.MARKER, "/home/deploy", AuthorizedKeysContent.exclusive("default/lu", List.of(OTHER_KEY)),
        null);
    addKeyFile("deploy", new KeyFile("/home/deploy/.ssh/authorized_keys2", KeyFileState.READ, ADMIN_KEY + " sneaked\n", null));
    List<UserChange> changes = decide(ECS_USER, deploy).changes();
    assertThat(changes).singleElement().satisfies(change -> {
      assertThat(change.args()).containsExactly("/home/deploy", "/home/deploy/.ssh/authorized_keys2", "");
      assertThat(change.description()).contains("authorized_keys2", "Exclusive");
    });
  }

  @Test
  void anUnreadableAuthorizedKeys2IsRefusedUnderExclusiveAndIgnoredUnderMerge() {
    account("deploy", LinuxUsers.MARKER, "/home/deploy", "", null);
    addKeyFile("deploy", new KeyFile("/home/deploy/.ssh/authorized_keys2", KeyFileState.REFUSED, null,
        "refusing ~/.ssh/authorized_keys2: not a regular file"));
    assertThatThrownBy(() -> decide(ECS_USER, user("deploy", null, SudoPolicy.none, KeyPolicy.Exclusive,
        List.of(OTHER_KEY), DeletionPolicy.RemoveKeys))).hasMessageContaining("authorized_keys2: not a regular file");
    assertThat(decide(ECS_USER, user("deploy", null, SudoPolicy.none, KeyPolicy.Merge, List.of(OTHER_KEY),
        DeletionPolicy.RemoveKeys)).changes()).hasSize(1);
  }

  @Test
  void anAccountTheOperatorCreatedWithoutItsHomeGetsOneBeforeItsKeys() {
    accountWithoutHome("churn", LinuxUsers.MARKER);
    List<UserChange> changes = decide(ECS_USER, user("churn", null, SudoPolicy.none, KeyPolicy.Merge,
        List.of(OTHER_KEY), DeletionPolicy.Delete)).changes();
    assertThat(changes).extracting(UserChange::verb).containsExactly("home", "keys");
    assertThat(changes.get(0).description()).isEqualTo("created the missing home directory /home/churn of churn");
  }

  @Test
  void anAdoptedAccountWithoutItsHomeIsNotGivenOne() {
    accountWithoutHome("legacy", "Legacy Service");
    assertThatThrownBy(() -> decide(ECS_USER, user("legacy", null, SudoPolicy.none, KeyPolicy.Merge, List.of(OTHER_KEY),
        DeletionPolicy.RemoveKeys)))
        .isInstanceOfSatisfying(NotApplied.class, e -> {
          assertThat(e.reason()).isEqualTo("HomeNotFound");
          assertThat(e.getMessage()).contains("/home/legacy", "only for an account it created");
        });
  }

  private UserDecisions.Decided decide(AdminAccess admin, DesiredUser desired) {
    return new UserDecisions(observed(), admin).converge(desired);
  }

  private void assertRefused(AdminAccess admin, DesiredUser desired, String why) {
    assertThatThrownBy(() -> decide(admin, desired))
        .isInstanceOfSatisfying(NotApplied.class, e -> {
          assertThat(e.reason()).isEqualTo("WouldLockOutOperator");
          assertThat(e.getMessage()).contains(why);
        });
  }

  private ObservedInstance observed() {
    return new ObservedInstance(Inventory.empty(), true, shells, Map.of(), users, Optional.empty());
  }

  private void account(String name, String gecos, String home, String authorizedKeys, String sudoRule) {
    PasswdEntry entry = PasswdEntry.parse(name + ":x:1000:1000:" + gecos + ":" + home + ":/bin/bash").orElseThrow();
    List<KeyFile> files = new ArrayList<>();
    files.add(new KeyFile(home + "/.ssh/authorized_keys", KeyFileState.READ, authorizedKeys, null));
    users.put(name, new ObservedInstance.User(Optional.of(entry), List.of("users"), sudoRule, SSHD, files,
        Optional.empty(), false));
  }

  /** What the observe script reports when useradd stopped before making the home. */
  private void accountWithoutHome(String name, String gecos) {
    PasswdEntry entry = PasswdEntry.parse(name + ":x:1001:1001:" + gecos + ":/home/" + name + ":/bin/sh").orElseThrow();
    users.put(name, new ObservedInstance.User(Optional.of(entry), List.of(name), null, SSHD,
        List.of(new KeyFile("/home/" + name + "/.ssh/authorized_keys", KeyFileState.ABSENT, "", null),
            new KeyFile("/home/" + name + "/.ssh/authorized_keys2", KeyFileState.ABSENT, "", null)),
        Optional.empty(), true));
  }

  private void addKeyFile(String name, KeyFile file) {
    ObservedInstance.User user = users.get(name);
    List<KeyFile> files = new ArrayList<>(user.keyFiles());
    files.add(file);
    users.put(name, new ObservedInstance.User(user.passwd(), user.groups(), user.sudoRule(), user.sshd(), files,
        user.audited(), user.homeMissing()));
  }

  private static DesiredUser user(String name, String shell, SudoPolicy sudo, KeyPolicy keyPolicy, List<String> keys,
      DeletionPolicy deletion) {
    return new DesiredUser("default/lu", name, shell, List.of(), keys, keyPolicy, sudo, true, deletion);
  }
}
