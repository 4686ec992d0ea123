package io.ecslogon.operator.convergence;

import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.host.linux.AuthorizedKeysFile;
import io.ecslogon.operator.host.linux.AuthorizedKeysLocations;
import io.ecslogon.operator.host.linux.AuthorizedKeysRefusedException;
import io.ecslogon.operator.host.linux.LinuxUsers.PasswdEntry;
import io.ecslogon.operator.host.linux.PasswordLogins;
import io.ecslogon.operator.host.linux.SshdSettings;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.lockout.LockOutGuard;
import io.ecslogon.operator.lockout.LockOutGuard.SudoChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides, from what the observe script saw, which changes bring one user to what is declared
 * (or remove what the operator put there): every check first, the {@link LockOutGuard} among them,
 * and only the changes that are needed, so a steady state decides nothing. Pure: observation in,
 * changes out; nothing here touches an instance.
 */
final class UserDecisions {
  static final String AUTHORIZED_KEYS = ".ssh/authorized_keys";

  private final ObservedInstance seen;
  private final AdminAccess admin;

  UserDecisions(ObservedInstance seen, AdminAccess admin) {
    this.seen = seen;
    this.admin = admin;
  }

  /**
   * @param created whether the account is (or will be, after these changes) one the operator created
   * @param keyFingerprintsFile unused here; keys are reported by the caller
   */
  record Decided(List<UserChange> changes, List<String> foreignKeys, AuthMethods authMethods, boolean created) {}

  Decided converge(DesiredUser desired) {
    ObservedInstance.User user = seen.user(desired.username());
    Optional<PasswdEntry> existing = user.passwd();
    if (desired.shell() != null && !seen.shells().getOrDefault(desired.shell(),
        new ObservedInstance.Shell(false, false)).regularExecutable()) {
      throw new NotApplied("ShellNotFound", "shell " + desired.shell() + " is not an executable file on the instance");
    }
    if (desired.sudoRule() != null && !seen.sudoersIncludesDropIns()) {
      throw new NotApplied("SudoersDirNotIncluded", "/etc/sudoers has no #includedir /etc/sudoers.d (or"
          + " @includedir), so sudo would never read the rule for " + desired.username() + "; nothing was changed");
    }
    String home = user.home(desired.username());
    if (!desired.keyLines().isEmpty()) {
      refuseKeysSshdWouldNotRead(desired, user.sshd(), home);
    }
    List<String> missingGroups = desired.groups().stream()
        .filter(group -> !seen.groups().getOrDefault(group, false)).toList();
    if (!missingGroups.isEmpty()) {
      throw new NotApplied("GroupNotFound", "groups " + missingGroups + " do not exist on the instance");
    }
    List<UserChange> changes = new ArrayList<>();
    boolean update = false;
    boolean creates = existing.isEmpty();
    if (creates) {
      if (desired.isRoot()) {
        throw new NotApplied("UserNotFound", "root does not exist on the instance");
      }
      // A user that does not exist yet is not the one the operator logs on with: nothing to guard.
      changes.add(UserChange.useradd(desired.username(), desired.shell(), desired.groups()));
    } else if (!desired.isRoot() && !existing.get().createdByOperator() && !desired.adopt()) {
      throw new NotApplied("UserExists", "user " + desired.username() + " already exists and was not created by the"
          + " operator; set spec.adopt: true to manage it");
    } else {
      update = !desired.isRoot() && needsUpdate(existing.get(), user, desired);
    }

    String ours = ownKeyFile(home);
    Optional<String> currentKeys = creates ? Optional.of("") : currentContent(desired.username(), user, ours);
    String current = currentKeys.orElse("");
    String wanted = desired.keyPolicy() == KeyPolicy.Exclusive
        ? AuthorizedKeysContent.exclusive(desired.owner(), desired.keyLines())
        : AuthorizedKeysContent.merge(current, desired.owner(), desired.keyLines());
    boolean writesKeys = !wanted.equals(current) && (currentKeys.isPresent() || !desired.keyLines().isEmpty());
    boolean homeMissing = !creates && user.homeMissing();
    boolean makesHome = homeMissing && existing.get().createdByOperator();
    if (homeMissing && !makesHome && writesKeys) {
      throw new NotApplied("HomeNotFound", "the home directory " + home + " of " + desired.username() + " does not"
          + " exist, so there is no ~/.ssh to write keys to; the operator makes one only for an account it created");
    }
    List<KeyFileRewrite> others = desired.keyPolicy() == KeyPolicy.Exclusive && !creates
        ? otherKeyFilesToEmpty(desired.username(), user, home) : List.of();
    String rule = desired.sudoRule();
    String installed = user.sudoRule();

    refuseLockOut(Stream.concat(Stream.of(
        desired.deletesAccount() ? LockOutGuard.deleteAccount(admin, desired.username())
            .map(problem -> "deletionPolicy: Delete: " + problem + "; nothing was changed") : Optional.<String>empty(),
        update ? shellProblem(existing.get(), desired) : Optional.<String>empty(),
        LockOutGuard.authorizedKeys(admin, desired.username(), current, wanted),
        LockOutGuard.sudo(admin, desired.username(), sudoChange(installed, rule, desired))),
        others.stream().map(other -> LockOutGuard.authorizedKeys(admin, desired.username(), other.before(), ""))));

    if (makesHome) {
      // useradd was cut short (the instance restarted between writing /etc/passwd and making the
      // home): without a home no key can be written, and no later visit would ever make one.
      changes.add(UserChange.home(desired.username(), home));
    }
    if (update) {
      changes.add(UserChange.usermod(desired.username(), desired.shell(), desired.groups()));
    }
    if (writesKeys) {
      changes.add(UserChange.keys(desired.username(), creates ? null : home, creates ? AUTHORIZED_KEYS : ours, wanted,
          "wrote " + desired.keyLines().size() + " key(s) to ~" + desired.username() + "/" + AUTHORIZED_KEYS));
    }
    for (KeyFileRewrite other : others) {
      changes.add(UserChange.keys(desired.username(), home, other.path(), "", "removed "
          + LockOutGuard.keysIn(other.before()).size() + " key(s) from " + shown(other.path(), home, desired.username())
          + " (keyPolicy: Exclusive)"));
    }
    if (rule == null && installed != null) {
      changes.add(UserChange.unsudo(desired.username()));
    } else if (rule != null && !rule.equals(installed)) {
      changes.add(UserChange.sudo(desired.username(), rule, desired.sudo().name()));
    }
    List<String> foreign = desired.keyPolicy() == KeyPolicy.Merge
        ? AuthorizedKeysContent.foreignKeys(wanted, desired.owner()) : List.of();
    boolean created = creates || existing.get().createdByOperator();
    return new Decided(changes, foreign, authMethods(desired, user.sshd()), created);
  }

  /**
   * Removal: the account (deleteUser, only one the operator created or was told to adopt; never
   * root) or only what the operator added. What would take away the operator's own way in is
   * refused as a whole, before anything is removed.
   */
  List<UserChange> remove(String owner, String username, boolean deleteUser, boolean adopted) {
    ObservedInstance.User user = seen.user(username);
    if (user.passwd().isEmpty()) {
      return List.of();
    }
    PasswdEntry entry = user.passwd().get();
    boolean deletes = deleteUser && !"root".equals(username) && (entry.createdByOperator() || adopted);
    boolean sudoRule = user.sudoRule() != null;
    String ours = ownKeyFile(entry.home());
    String current = deletes ? null : currentContent(username, user, ours).orElse("");
    String without = deletes ? null : AuthorizedKeysContent.withoutBlock(current, owner);
    refuseLockOut(Stream.of(
        deletes ? LockOutGuard.deleteAccount(admin, username) : Optional.<String>empty(),
        LockOutGuard.sudo(admin, username, sudoRule ? SudoChange.REMOVED : SudoChange.UNCHANGED),
        deletes ? Optional.<String>empty() : LockOutGuard.authorizedKeys(admin, username, current, without)));
    List<UserChange> changes = new ArrayList<>();
    if (sudoRule) {
      changes.add(UserChange.unsudo(username));
    }
    if (deletes) {
      changes.add(UserChange.userdel(username));
    } else if (!without.equals(current)) {
      changes.add(UserChange.keys(username, entry.home(), ours, without,
          "removed the operator's keys from ~" + username + "/" + AUTHORIZED_KEYS));
    }
    return changes;
  }

  private record KeyFileRewrite(String path, String before) {}

  /**
   * Exclusive means every file sshd reads keys from for this user, not only the one the operator
   * writes: authorized_keys2 (read by default on Debian and Ubuntu) and any other AuthorizedKeysFile
   * under ~/.ssh lose their keys. Files elsewhere are not the user's to write and are left alone.
   */
  private List<KeyFileRewrite> otherKeyFilesToEmpty(String username, ObservedInstance.User user, String home) {
    List<KeyFileRewrite> rewrites = new ArrayList<>();
    String ours = ownKeyFile(home);
    String sshDir = home.replaceAll("/+$", "") + "/.ssh/";
    for (ObservedInstance.KeyFile file : user.keyFiles()) {
      if (file.path().equals(ours) || !file.path().startsWith(sshDir) || file.state() == ObservedInstance.KeyFileState.ABSENT) {
        continue;
      }
      String content = readable(username, file);
      if (!LockOutGuard.keysIn(content).isEmpty()) {
        rewrites.add(new KeyFileRewrite(file.path(), content));
      }
    }
    return rewrites;
  }

  /** The content of the file the operator writes; empty when sshd does not read it for this user. */
  private static Optional<String> currentContent(String username, ObservedInstance.User user, String path) {
    return user.keyFile(path).map(file -> file.state() == ObservedInstance.KeyFileState.ABSENT ? ""
        : readable(username, file));
  }

  private static String readable(String username, ObservedInstance.KeyFile file) {
    if (file.state() == ObservedInstance.KeyFileState.READ) {
      // Never more characters than bytes read: a file that slipped past both size checks.
      if (file.content().length() > AuthorizedKeysFile.MAX_BYTES) {
        throw new AuthorizedKeysRefusedException(username, "refusing " + file.path() + ": it grew past the "
            + AuthorizedKeysFile.MAX_BYTES + " bytes the operator reads while being read");
      }
      return file.content();
    }
    throw new AuthorizedKeysRefusedException(username, file.message());
  }

  static String ownKeyFile(String home) {
    return home.replaceAll("/+$", "") + "/" + AUTHORIZED_KEYS;
  }

  private static String shown(String path, String home, String username) {
    String prefix = home.replaceAll("/+$", "") + "/";
    return path.startsWith(prefix) ? "~" + username + "/" + path.substring(prefix.length()) : path;
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

  private static void refuseLockOut(Stream<Optional<String>> problems) {
    problems.flatMap(Optional::stream).findFirst().ifPresent(problem -> {
      throw new NotApplied(LockOutGuard.WOULD_LOCK_OUT_OPERATOR, problem);
    });
  }

  /** Only a shell change is judged, from what the observe script saw of that shell. */
  private Optional<String> shellProblem(PasswdEntry entry, DesiredUser desired) {
    if (desired.shell() == null || desired.shell().equals(entry.shell()) || !admin.isAdmin(entry.name())) {
      return Optional.empty();
    }
    ObservedInstance.Shell shell = seen.shells().getOrDefault(desired.shell(), new ObservedInstance.Shell(false, false));
    return LockOutGuard.shell(admin, entry.name(), entry.shell(), desired.shell(), shell.listedInEtcShells(),
        shell.regularExecutable());
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

  private static boolean needsUpdate(PasswdEntry entry, ObservedInstance.User user, DesiredUser desired) {
    boolean shellDiffers = desired.shell() != null && !Objects.equals(entry.shell(), desired.shell());
    boolean groupsMissing = !desired.groups().isEmpty() && !user.groups().containsAll(desired.groups());
    return shellDiffers || groupsMissing;
  }
}
