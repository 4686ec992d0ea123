package io.ecslogon.operator.host.sshd;

import java.util.Optional;

/**
 * Refuses, before anything is written, settings that would shut out the operator's own way in:
 * key logins off while it logs on with a key, password logins off while it has only a password,
 * or root logins closed (or closed to its credential kind) while its admin is root.
 */
public final class LockOutGuard {
  private LockOutGuard() {}

  public static Optional<String> problem(SshdDirectives settings, String adminUser, boolean usesKey) {
    String pubkey = settings.values().get(SshdDirectives.PUBKEY_AUTHENTICATION);
    String password = settings.values().get(SshdDirectives.PASSWORD_AUTHENTICATION);
    String rootLogin = settings.values().get(SshdDirectives.PERMIT_ROOT_LOGIN);
    if (usesKey && "no".equals(pubkey)) {
      return Optional.of("PubkeyAuthentication no would lock the operator out: it logs on as " + adminUser
          + " with a key");
    }
    if (!usesKey && "no".equals(password)) {
      return Optional.of("PasswordAuthentication no would lock the operator out: it logs on as " + adminUser
          + " with a password");
    }
    if ("root".equals(adminUser) && rootLogin != null) {
      boolean allowed = "yes".equals(rootLogin) || (usesKey && "prohibit-password".equals(rootLogin));
      if (!allowed) {
        return Optional.of("PermitRootLogin " + rootLogin + " would lock the operator out: it logs on as root with a "
            + (usesKey ? "key" : "password") + "; use a sudoer such as ecs-user as adminUser first");
      }
    }
    return Optional.empty();
  }
}
