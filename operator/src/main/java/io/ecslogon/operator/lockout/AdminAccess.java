package io.ecslogon.operator.lockout;

import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.PrivateKeys;
import io.ecslogon.operator.host.SshTarget;

/**
 * How the operator logs on to one instance: what no change may take away.
 *
 * @param user the instance's admin user (spec.adminUser)
 * @param usesKey whether it logs on with a private key (otherwise with a password)
 * @param publicKey the canonical public key ("type base64") of that private key, or {@code null}
 *     when it logs on with a password or the key could not be read; the guard is then stricter
 */
public record AdminAccess(String user, boolean usesKey, String publicKey) {

  public static AdminAccess of(SshTarget target) {
    if (target.credentials() instanceof Credentials.PrivateKey key) {
      return new AdminAccess(target.user(), true, PrivateKeys.publicKey(key).orElse(null));
    }
    return new AdminAccess(target.user(), false, null);
  }

  public boolean isRoot() {
    return "root".equals(user);
  }

  /** Whether {@code username} is the account the operator logs on with. */
  public boolean isAdmin(String username) {
    return user.equals(username);
  }

  /** For messages: "ecs-user with a key". */
  String describe() {
    return user + " with " + (usesKey ? "a key" : "a password");
  }
}
