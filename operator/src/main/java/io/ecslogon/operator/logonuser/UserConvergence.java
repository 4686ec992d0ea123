package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.AuthorizedKeysFile;
import io.ecslogon.operator.host.linux.AuthorizedKeysLocations;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.host.linux.LinuxUsers;
import io.ecslogon.operator.host.linux.LinuxUsers.PasswdEntry;
import io.ecslogon.operator.host.linux.PasswordLogins;
import io.ecslogon.operator.host.linux.SshdSettings;
import io.ecslogon.operator.host.linux.SudoersDropIn;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.lockout.LockOutGuard;
import io.ecslogon.operator.lockout.LockOutGuard.SudoChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Brings one instance to a {@link DesiredUser}: every read first, every check before the first
 * change (the {@link LockOutGuard} among them, so nothing takes away the operator's own way in),
 * then only the changes that are needed (a steady state writes nothing). Returns what it changed,
 * for Events.
 */
final class UserConvergence {
  private final LinuxUsers users;
  private final AuthorizedKeysFile authorizedKeys;
  private final SudoersDropIn sudoers;
  private final AdminAccess admin;
  /** For sshd -T -C: this user's effective settings. */
  private final RemoteShell shell;

  UserConvergence(RemoteShell shell, AdminAccess admin) {
    this.shell = shell;
    this.users = new LinuxUsers(shell);
    this.authorizedKeys = new AuthorizedKeysFile(shell);
    this.sudoers = new SudoersDropIn(shell);
    this.admin = admin;
  }

  /**
   * What sshd refuses to this user, from its effective settings ({@code sshd -T -C user=...}, so
   * Match blocks count): null where it does not refuse.
   */
  record AuthMethods(String keysRefused, String passwordsRefused) {}

  record Outcome(List<String> changes, List<String> foreignKeys, AuthMethods authMethods) {
    Outcome withChanges(List<String> more) {
      return new Outcome(more, foreignKeys, authMethods);
    }
  }

  Outcome converge(DesiredUser desired) {
    List<String> changes = new ArrayList<>();
    Optional<PasswdEntry> existing = users.find(desired.username());
    if (desired.shell() != null && !users.shellExists(desired.shell())) {
      throw new NotApplied("ShellNotFound", "shell " + desired.shell() + " is not an executable file on the instance");
    }
    if (desired.sudoRule() != null && !sudoers.dropInDirectoryIncluded()) {
      throw new NotApplied("SudoersDirNotIncluded", "/etc/sudoers has no #includedir /etc/sudoers.d (or"
          + " @includedir), so sudo would never read the rule for " + desired.username() + "; nothing was changed");
    }
    SshdSettings sshd = HostFactsReader.readSshdFor(shell, desired.username());
    if (!desired.keyLines().isEmpty()) {
      refuseKeysSshdWouldNotRead(desired, sshd, existing.map(PasswdEntry::home).orElse("/home/" + desired.username()));
    }
    List<String> missingGroups = users.missingGroups(desired.groups());
    if (!missingGroups.isEmpty()) {
      throw new NotApplied("GroupNotFound", "groups " + missingGroups + " do not exist on the instance");
    }
    boolean update = false;
    if (existing.isEmpty()) {
      if (desired.isRoot()) {
        throw new NotApplied("UserNotFound", "root does not exist on the instance");
      }
      // A user that does not exist yet is not the one the operator logs on with: nothing to guard.
      users.create(desired.username(), desired.shell(), desired.groups());
      changes.add("created user " + desired.username());
      existing = users.find(desired.username());
    } else if (!desired.isRoot() && !existing.get().createdByOperator() && !desired.adopt()) {
      throw new NotApplied("UserExists", "user " + desired.username() + " already exists and was not created by the"
          + " operator; set spec.adopt: true to manage it");
    } else {
      update = !desired.isRoot() && needsUpdate(existing.get(), desired);
    }
    PasswdEntry entry = existing.orElseThrow();

    String current = authorizedKeys.read(entry.name(), entry.home());
    String wanted = desired.keyPolicy() == KeyPolicy.Exclusive
        ? AuthorizedKeysContent.exclusive(desired.owner(), desired.keyLines())
        : AuthorizedKeysContent.merge(current, desired.owner(), desired.keyLines());
    String rule = desired.sudoRule();
    String installed = sudoers.read(desired.username());

    refuseLockOut(Stream.of(
        desired.deletesAccount() ? LockOutGuard.deleteAccount(admin, desired.username())
            .map(problem -> "deletionPolicy: Delete: " + problem + "; nothing was changed") : Optional.<String>empty(),
        update ? shellProblem(entry, desired) : Optional.<String>empty(),
        LockOutGuard.authorizedKeys(admin, entry.name(), current, wanted),
        LockOutGuard.sudo(admin, desired.username(), sudoChange(installed, rule, desired))));

    if (update) {
      users.update(desired.username(), desired.shell(), desired.groups());
      changes.add("updated shell/groups of " + desired.username());
    }
    if (!wanted.equals(current)) {
      authorizedKeys.write(entry.name(), entry.home(), wanted);
      changes.add("wrote " + desired.keyLines().size() + " key(s) to ~" + entry.name() + "/.ssh/authorized_keys");
    }
    if (rule == null && installed != null) {
      sudoers.remove(desired.username());
      changes.add("removed the sudo rule of " + desired.username());
    } else if (rule != null && !rule.equals(installed)) {
      sudoers.install(desired.username(), rule);
      changes.add("installed sudo rule " + desired.sudo() + " for " + desired.username());
    }
    List<String> foreign = desired.keyPolicy() == KeyPolicy.Merge
        ? AuthorizedKeysContent.foreignKeys(wanted, desired.owner()) : List.of();
    return new Outcome(changes, foreign, authMethods(desired, sshd));
  }

  private static AuthMethods authMethods(DesiredUser desired, SshdSettings sshd) {
    String pubkey = sshd.get("pubkeyauthentication").orElse("yes");
    String keysRefused = !sshd.readable() ? sshd.problem() : "yes".equals(pubkey) ? null
        : "PubkeyAuthentication " + pubkey + " (sshd -T -C user=" + desired.username() + ")";
    return new AuthMethods(keysRefused, PasswordLogins.refusal(sshd, desired.username()).orElse(null));
  }

  /** sshd -T -C must show an AuthorizedKeysFile that includes the file written here. */
  private static void refuseKeysSshdWouldNotRead(DesiredUser desired, SshdSettings sshd, String home) {
    if (!sshd.readable()) {
      throw new NotApplied("SshdUnreadable", "cannot tell where sshd reads " + desired.username() + "'s keys: "
          + sshd.problem() + "; nothing was changed");
    }
    String files = sshd.get("authorizedkeysfile").orElse(".ssh/authorized_keys .ssh/authorized_keys2");
    if (!AuthorizedKeysLocations.readsOperatorFile(files, desired.username(), home)) {
      throw new NotApplied("AuthorizedKeysFileNotRead", "sshd reads keys of " + desired.username() + " from "
          + files + " (sshd -T -C user=" + desired.username() + "), not from " + home + "/.ssh/authorized_keys"
          + " where the operator writes them; nothing was changed");
    }
  }

  /**
   * Deletion: the user (Delete) or only what the operator added (RemoveKeys). What would take
   * away the operator's own way in is refused as a whole, before anything is removed.
   */
  List<String> remove(DesiredUser desired, boolean deleteUser) {
    List<String> changes = new ArrayList<>();
    Optional<PasswdEntry> existing = users.find(desired.username());
    if (existing.isEmpty()) {
      return changes;
    }
    PasswdEntry entry = existing.get();
    boolean deletes = deleteUser && !desired.isRoot() && (entry.createdByOperator() || desired.adopt());
    boolean sudoRule = sudoers.read(desired.username()) != null;
    String current = deletes ? null : authorizedKeys.read(entry.name(), entry.home());
    String without = deletes ? null : AuthorizedKeysContent.withoutBlock(current, desired.owner());
    refuseLockOut(Stream.of(
        deletes ? LockOutGuard.deleteAccount(admin, desired.username()) : Optional.<String>empty(),
        LockOutGuard.sudo(admin, desired.username(), sudoRule ? SudoChange.REMOVED : SudoChange.UNCHANGED),
        deletes ? Optional.<String>empty() : LockOutGuard.authorizedKeys(admin, entry.name(), current, without)));

    if (sudoRule) {
      sudoers.remove(desired.username());
      changes.add("removed the sudo rule of " + desired.username());
    }
    if (deletes) {
      users.delete(desired.username());
      changes.add("deleted user " + desired.username());
      return changes;
    }
    if (!without.equals(current)) {
      authorizedKeys.write(entry.name(), entry.home(), without);
      changes.add("removed the operator's keys from ~" + entry.name() + "/.ssh/authorized_keys");
    }
    return changes;
  }

  private static void refuseLockOut(Stream<Optional<String>> problems) {
    problems.flatMap(Optional::stream).findFirst().ifPresent(problem -> {
      throw new NotApplied(LockOutGuard.WOULD_LOCK_OUT_OPERATOR, problem);
    });
  }

  /** Only a shell change is judged; what the instance says about the shell is read only then. */
  private Optional<String> shellProblem(PasswdEntry entry, DesiredUser desired) {
    if (desired.shell() == null || desired.shell().equals(entry.shell()) || !admin.isAdmin(entry.name())) {
      return Optional.empty();
    }
    return LockOutGuard.shell(admin, entry.name(), entry.shell(), desired.shell(),
        users.listedInEtcShells(desired.shell()), users.isRegularExecutable(desired.shell()));
  }

  private static SudoChange sudoChange(String installed, String rule, DesiredUser desired) {
    if (Objects.equals(installed, rule)) {
      return SudoChange.UNCHANGED;
    }
    return switch (desired.sudo()) {
      case passwordless -> SudoChange.PASSWORDLESS;
      case password -> SudoChange.PASSWORD_REQUIRED;
      case none -> SudoChange.REMOVED;
    };
  }

  private boolean needsUpdate(PasswdEntry entry, DesiredUser desired) {
    boolean shellDiffers = desired.shell() != null && !Objects.equals(entry.shell(), desired.shell());
    boolean groupsMissing = !desired.groups().isEmpty()
        && !users.groupsOf(desired.username()).containsAll(desired.groups());
    return shellDiffers || groupsMissing;
  }
}
