package io.ecslogon.operator.host.linux;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether sshd lets a user log on with a password, judged from that user's effective settings
 * ({@code sshd -T -C user=...}, Match blocks included). A judgement, not a proof: PAM, DenyUsers
 * and friends are proven only by a real login, which callers do as well.
 */
public final class PasswordLogins {
  private PasswordLogins() {}

  /** Which effective setting refuses password logins for {@code username}; empty when none does. */
  public static Optional<String> refusal(SshdSettings forUser, String username) {
    if (!forUser.readable()) {
      return Optional.of(forUser.problem());
    }
    String where = " (sshd -T -C user=" + username + ")";
    String password = forUser.get("passwordauthentication").orElse("yes");
    if (!"yes".equals(password)) {
      return Optional.of("PasswordAuthentication " + password + where);
    }
    if ("root".equals(username)) {
      String root = forUser.get("permitrootlogin").orElse("prohibit-password");
      if (!"yes".equals(root)) {
        return Optional.of("PermitRootLogin " + root + where + " lets root in with a key only");
      }
    }
    String methods = forUser.get("authenticationmethods").orElse("any");
    if (!"any".equals(methods) && Arrays.stream(methods.split("\\s+")).noneMatch("password"::equals)) {
      return Optional.of("AuthenticationMethods " + methods + where + " needs more than a password");
    }
    return Optional.empty();
  }
}
