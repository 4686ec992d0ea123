package io.ecslogon.operator.lockout;

import io.ecslogon.operator.host.HostKeyFingerprint;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether a change would take away the operator's own way in to an
 * instance ({@link AdminAccess}): its key, its password, its shell, its passwordless sudo, its
 * account, or the sshd settings it logs on through. Every writer asks before it writes anything;
 * a refusal (a message) becomes a condition with reason {@link #WOULD_LOCK_OUT_OPERATOR} (sshd
 * keeps its own {@code WouldLockOut}) and a Warning Event, and nothing is changed. Pure functions
 * of what is there now and what would be there after.
 */
public final class LockOutGuard {
  /** Condition and Event reason of a refused user, key, sudo, shell, password or account change. */
  public static final String WOULD_LOCK_OUT_OPERATOR = "WouldLockOutOperator";

  static final String PUBKEY_AUTHENTICATION = "PubkeyAuthentication";
  static final String PASSWORD_AUTHENTICATION = "PasswordAuthentication";
  static final String PERMIT_ROOT_LOGIN = "PermitRootLogin";

  /** What a change does to a user's sudo rule in the operator's sudoers drop-in. */
  public enum SudoChange { UNCHANGED, PASSWORDLESS, PASSWORD_REQUIRED, REMOVED }

  private LockOutGuard() {}

  /**
   * sshd settings (keyword to value, as sshd_config spells them) that would shut the operator out:
   * key logins off while it logs on with a key, password logins off while it has only a password,
   * or root logins closed (or closed to its credential kind) while its admin is root.
   */
  public static Optional<String> sshd(AdminAccess admin, Map<String, String> settings) {
    String pubkey = settings.get(PUBKEY_AUTHENTICATION);
    String password = settings.get(PASSWORD_AUTHENTICATION);
    String rootLogin = settings.get(PERMIT_ROOT_LOGIN);
    if (admin.usesKey() && "no".equals(pubkey)) {
      return Optional.of("PubkeyAuthentication no would lock the operator out: it logs on as " + admin.user()
          + " with a key");
    }
    if (!admin.usesKey() && "no".equals(password)) {
      return Optional.of("PasswordAuthentication no would lock the operator out: it logs on as " + admin.user()
          + " with a password");
    }
    if (admin.isRoot() && rootLogin != null) {
      boolean allowed = "yes".equals(rootLogin) || (admin.usesKey() && "prohibit-password".equals(rootLogin));
      if (!allowed) {
        return Optional.of("PermitRootLogin " + rootLogin + " would lock the operator out: it logs on as root with a "
            + (admin.usesKey() ? "key" : "password") + "; use a sudoer such as ecs-user as adminUser first");
      }
    }
    return Optional.empty();
  }

  /**
   * Rewriting {@code username}'s authorized_keys from {@code before} to {@code after}: refused when
   * the admin's own key is in the file now and would not be afterwards. A key that was never in
   * the file (the admin logs on through another one) cannot be taken away by it. When the admin's
   * public key is not known, any key of the admin's file that would go is refused.
   */
  public static Optional<String> authorizedKeys(AdminAccess admin, String username, String before, String after) {
    if (!admin.isAdmin(username) || !admin.usesKey()) {
      return Optional.empty();
    }
    Set<String> now = keysIn(before);
    Set<String> then = keysIn(after);
    if (admin.publicKey() != null) {
      if (now.contains(admin.publicKey()) && !then.contains(admin.publicKey())) {
        return Optional.of("the new ~" + username + "/.ssh/authorized_keys would not hold the key the operator logs on"
            + " with as " + username + "; declare that key too (or use keyPolicy: Merge), nothing was changed");
      }
      return Optional.empty();
    }
    now.removeAll(then);
    if (!now.isEmpty()) {
      return Optional.of("the new ~" + username + "/.ssh/authorized_keys would drop " + now.size() + " key(s), and the"
          + " operator cannot tell whether one of them is the key it logs on with as " + username
          + " (its admin key could not be read); nothing was changed");
    }
    return Optional.empty();
  }

  /**
   * A sudo rule for the admin when it is not root: every command the operator runs goes through
   * {@code sudo -n}, so anything but a passwordless rule (one asking for a password, or none at
   * all where the operator's rule was) could end its use of the instance. The operator's drop-in
   * sorts late in /etc/sudoers.d, and for sudo the last matching rule wins.
   */
  public static Optional<String> sudo(AdminAccess admin, String username, SudoChange change) {
    if (!admin.isAdmin(username) || admin.isRoot()) {
      return Optional.empty();
    }
    return switch (change) {
      case UNCHANGED, PASSWORDLESS -> Optional.empty();
      case PASSWORD_REQUIRED -> Optional.of("sudo: password for " + username + " would lock the operator out: it logs"
          + " on as " + username + " and runs every command through sudo -n, and the operator's rule (read after the"
          + " image's own) would win; use sudo: passwordless for the admin user, nothing was changed");
      case REMOVED -> Optional.of("removing the sudo rule of " + username + " could lock the operator out: it logs on"
          + " as " + username + " and runs every command through sudo -n; the rule was left in place");
    };
  }

  /**
   * A new login shell for the admin: it must be a shell sshd will start for it, that is one listed
   * in the instance's /etc/shells that is a regular executable file (not nologin, false, or a
   * directory, which passes {@code test -x}).
   */
  public static Optional<String> shell(AdminAccess admin, String username, String current, String wanted,
      boolean listedInEtcShells, boolean regularExecutable) {
    if (!admin.isAdmin(username) || wanted == null || wanted.equals(current)) {
      return Optional.empty();
    }
    if (!listedInEtcShells || !regularExecutable) {
      return Optional.of("shell " + wanted + " for " + username + " would lock the operator out: it logs on as "
          + username + ", and " + wanted + (regularExecutable ? " is not listed in /etc/shells"
          : " is not a regular executable file") + "; give the admin user a login shell, nothing was changed");
    }
    return Optional.empty();
  }

  /**
   * A new password for the admin while the operator logs on with a password: the admin Secret
   * would no longer hold the password, so the next connection would fail. Refused rather than
   * rewriting the admin Secret (see docs/design.md, "Lock-out guard").
   */
  public static Optional<String> password(AdminAccess admin, String username) {
    if (!admin.isAdmin(username) || admin.usesKey()) {
      return Optional.empty();
    }
    return Optional.of("changing the password of " + username + " would lock the operator out: it logs on as "
        + username + " with the password in the EcsInstance's admin Secret, which the operator does not rewrite;"
        + " log the operator on with a key first (an ssh-auth admin Secret), nothing was changed");
  }

  /**
   * Binding an ECS key pair to a Linux instance (AttachKeyPair): at the next start ECS puts only that
   * key in root's authorized_keys and turns password logins off for every user. Refused when the
   * operator logs on with a password, or as root with any key but that one (or a key it cannot read).
   * A non-root admin with a key keeps its own authorized_keys, so it keeps its way in.
   *
   * @param keyPairFingerprint SHA256 fingerprint of the public key ECS holds under {@code keyPairName}
   */
  public static Optional<String> ecsKeyPair(AdminAccess admin, String keyPairName, String keyPairFingerprint) {
    if (!admin.usesKey()) {
      return Optional.of("attaching ECS key pair " + keyPairName + " would lock the operator out: ECS turns password"
          + " logins off at the next start, and the operator logs on as " + admin.user() + " with a password; log it on"
          + " with a key first (an ssh-auth admin Secret)");
    }
    if (!admin.isRoot()) {
      return Optional.empty();
    }
    String adminFingerprint = fingerprintOf(admin.publicKey());
    if (adminFingerprint == null || !adminFingerprint.equals(keyPairFingerprint)) {
      return Optional.of("attaching ECS key pair " + keyPairName + " would lock the operator out: ECS replaces root's"
          + " authorized_keys with the key pair's key (" + keyPairFingerprint + ") at the next start, and the operator"
          + " logs on as root with " + (adminFingerprint == null ? "a key it cannot read" : "another key ("
          + adminFingerprint + ")") + "; use a sudoer such as ecs-user as adminUser, or that key pair's key as root's"
          + " admin key");
    }
    return Optional.empty();
  }

  /** Deleting the admin's account: never. */
  public static Optional<String> deleteAccount(AdminAccess admin, String username) {
    if (!admin.isAdmin(username)) {
      return Optional.empty();
    }
    return Optional.of("deleting user " + username + " would lock the operator out: it is the account the operator"
        + " logs on with; use deletionPolicy: RemoveKeys for the admin user");
  }

  /** The keys ("type base64") of authorized_keys lines, wherever options put them on the line. */
  public static Set<String> keysIn(String authorizedKeys) {
    Set<String> keys = new LinkedHashSet<>();
    for (String line : authorizedKeys == null ? new String[0] : authorizedKeys.split("\n")) {
      String stripped = line.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      String[] tokens = stripped.split("\\s+");
      for (int i = 0; i + 1 < tokens.length; i++) {
        if (isKeyType(tokens[i])) {
          keys.add(tokens[i] + " " + tokens[i + 1]);
          break;
        }
      }
    }
    return keys;
  }

  /** The SHA256 fingerprint of a canonical public key ("type base64"), or null if it is none. */
  private static String fingerprintOf(String publicKey) {
    if (publicKey == null) {
      return null;
    }
    String[] fields = publicKey.strip().split("\\s+");
    try {
      return fields.length < 2 ? null : HostKeyFingerprint.sha256(Base64.getDecoder().decode(fields[1]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isKeyType(String token) {
    return token.startsWith("ssh-") || token.startsWith("ecdsa-sha2-") || token.startsWith("sk-");
  }
}
