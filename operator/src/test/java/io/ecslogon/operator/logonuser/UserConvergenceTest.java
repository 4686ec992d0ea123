package io.ecslogon.operator.logonuser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.api.v1alpha1.SudoPolicy;
import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.LinuxUsers;
import io.ecslogon.operator.lockout.AdminAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * UserConvergence on a scripted instance: a change the lock-out guard refuses runs no command that
 * writes (useradd/usermod/userdel, authorized_keys, sudoers), and the same change for another user
 * or with the operator's key kept goes ahead.
 */
class UserConvergenceTest {
  private static final String ADMIN_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAdminAdminAdminAdminAdminAdminAdminAdmin";
  private static final String OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther";
  private static final AdminAccess ECS_USER = new AdminAccess("ecs-user", true, ADMIN_KEY);
  private static final AdminAccess ROOT = new AdminAccess("root", true, ADMIN_KEY);

  private final ScriptedInstance instance = new ScriptedInstance();

  @Test
  void aPasswordSudoRuleForTheSudoerAdminWritesNothing() {
    assertRefused(ECS_USER, user("ecs-user", null, SudoPolicy.password, KeyPolicy.Merge, List.of(), DeletionPolicy.RemoveKeys),
        "sudo: password for ecs-user");

    new UserConvergence(instance, ECS_USER).converge(user("ecs-user", null, SudoPolicy.passwordless, KeyPolicy.Merge,
        List.of(), DeletionPolicy.RemoveKeys));
    assertThat(instance.writes).as("passwordless is fine").isNotEmpty();
  }

  @Test
  void anotherUsersPasswordSudoRuleIsNotTheGuardsBusiness() {
    instance.passwd = "deploy:x:1001:1001:" + LinuxUsers.MARKER + ":/home/deploy:/bin/bash";
    new UserConvergence(instance, ECS_USER).converge(user("deploy", null, SudoPolicy.password, KeyPolicy.Merge,
        List.of(), DeletionPolicy.Delete));
    assertThat(instance.writes).isNotEmpty();
  }

  @Test
  void exclusiveKeysForRootMustKeepTheOperatorsKey() {
    instance.passwd = "root:x:0:0:root:/root:/bin/bash";
    instance.authorizedKeys = ADMIN_KEY + " admin@sandbox\n";
    assertRefused(ROOT, user("root", null, SudoPolicy.none, KeyPolicy.Exclusive, List.of(OTHER_KEY),
        DeletionPolicy.RemoveKeys), "would not hold the key the operator logs on with as root");

    new UserConvergence(instance, ROOT).converge(user("root", null, SudoPolicy.none, KeyPolicy.Exclusive,
        List.of(OTHER_KEY, ADMIN_KEY), DeletionPolicy.RemoveKeys));
    assertThat(instance.writes).singleElement().satisfies(c -> assertThat(c.argv()).first().isEqualTo("runuser"));
  }

  @Test
  void theAdminKeepsALoginShell() {
    assertRefused(ECS_USER, user("ecs-user", "/usr/sbin/nologin", SudoPolicy.none, KeyPolicy.Merge, List.of(),
        DeletionPolicy.RemoveKeys), "/usr/sbin/nologin is not listed in /etc/shells");
    assertRefused(ECS_USER, user("ecs-user", "/tmp", SudoPolicy.none, KeyPolicy.Merge, List.of(),
        DeletionPolicy.RemoveKeys), "/tmp is not a regular executable file");
  }

  @Test
  void deletionPolicyDeleteOnTheAdminIsRefusedWhenApplied() {
    assertRefused(ECS_USER, user("ecs-user", null, SudoPolicy.none, KeyPolicy.Merge, List.of(), DeletionPolicy.Delete),
        "deletionPolicy: Delete: deleting user ecs-user");
  }

  @Test
  void removingTheAdminsSudoRuleOrAccountWritesNothing() {
    instance.sudoRule = "ecs-user ALL=(ALL:ALL) NOPASSWD: ALL\n";
    DesiredUser admin = user("ecs-user", null, SudoPolicy.none, KeyPolicy.Merge, List.of(), DeletionPolicy.RemoveKeys);
    assertThatThrownBy(() -> new UserConvergence(instance, ECS_USER).remove(admin, false))
        .isInstanceOfSatisfying(NotApplied.class, e -> assertThat(e.reason()).isEqualTo("WouldLockOutOperator"));
    assertThatThrownBy(() -> new UserConvergence(instance, ECS_USER).remove(admin, true))
        .isInstanceOfSatisfying(NotApplied.class, e -> assertThat(e.getMessage()).contains("deleting user ecs-user"));
    assertThat(instance.writes).isEmpty();
  }

  private void assertRefused(AdminAccess admin, DesiredUser desired, String why) {
    assertThatThrownBy(() -> new UserConvergence(instance, admin).converge(desired))
        .isInstanceOfSatisfying(NotApplied.class, e -> {
          assertThat(e.reason()).isEqualTo("WouldLockOutOperator");
          assertThat(e.getMessage()).contains(why);
        });
    assertThat(instance.writes).as("nothing written").isEmpty();
  }

  private static DesiredUser user(String name, String shell, SudoPolicy sudo, KeyPolicy keyPolicy, List<String> keys,
      DeletionPolicy deletion) {
    return new DesiredUser("default/lu", name, shell, List.of(), keys, keyPolicy, sudo, true, deletion);
  }

  /** One account on a scripted instance; commands that would change something are recorded, not run. */
  private static final class ScriptedInstance implements RemoteShell {
    final List<Command> writes = new ArrayList<>();
    String passwd = "ecs-user:x:1000:1000::/home/ecs-user:/bin/bash";
    String authorizedKeys = ADMIN_KEY + "\n";
    String sudoRule;
    final Set<String> etcShells = Set.of("/bin/sh", "/bin/bash");
    final Set<String> regularExecutables = Set.of("/bin/sh", "/bin/bash", "/usr/sbin/nologin");

    @Override
    public CommandResult run(Command command) {
      List<String> argv = command.argv();
      return switch (argv.get(0)) {
        case "getent" -> "passwd".equals(argv.get(1))
            ? (passwd.startsWith(argv.get(2) + ":") ? ok(passwd + "\n") : new CommandResult(2, "", ""))
            : ok("");
        case "test" -> answer(regularExecutables.contains(argv.get(2)) || "/tmp".equals(argv.get(2)));
        case "grep" -> answer(etcShells.contains(argv.get(3)));
        case "id" -> ok("users\n");
        case "cat" -> "/etc/sudoers".equals(argv.get(1)) ? ok("#includedir /etc/sudoers.d\n")
            : sudoRule == null ? new CommandResult(1, "", "No such file") : ok(sudoRule);
        case "sshd" -> ok("pubkeyauthentication yes\npasswordauthentication no\n"
            + "authorizedkeysfile .ssh/authorized_keys .ssh/authorized_keys2\n");
        case "runuser" -> command.stdin() == null ? ok(authorizedKeys) : write(command);
        case "sh" -> argv.get(2).startsWith("[ -f") ? answer(regularExecutables.contains(argv.get(4))) : write(command);
        default -> write(command);
      };
    }

    private CommandResult write(Command command) {
      writes.add(command);
      return ok("");
    }

    private static CommandResult answer(boolean yes) {
      return new CommandResult(yes ? 0 : 1, "", "");
    }

    private static CommandResult ok(String out) {
      return new CommandResult(0, out, "");
    }
  }
}
