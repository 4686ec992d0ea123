package io.ecslogon.operator.testing.leaks;

import java.util.Locale;
import java.util.Set;

/**
 * Which entries of a Secret hold a secret. Decided by the Secret's type and the key's name: the
 * private key and passphrase of {@code kubernetes.io/ssh-auth}, the password of
 * {@code kubernetes.io/basic-auth}, and in any Secret a key whose name says password, passphrase,
 * secret, token or private key (accessKeySecret, securityToken). Public keys, usernames, AccessKey
 * ids and fingerprints are not secrets: they may appear in status and Events by design.
 * Service-account tokens and Helm release Secrets are not the test's secrets and are skipped.
 */
final class SecretKeys {
  private static final Set<String> SKIPPED_TYPES = Set.of("kubernetes.io/service-account-token", "helm.sh/release.v1");
  private static final Set<String> NOT_SECRET = Set.of("ssh-publickey", "username", "accesskeyid");

  private SecretKeys() {}

  static boolean isSecret(String type, String key) {
    if (type != null && SKIPPED_TYPES.contains(type)) {
      return false;
    }
    String name = key.toLowerCase(Locale.ROOT);
    if (NOT_SECRET.contains(name)) {
      return false;
    }
    return name.equals("ssh-privatekey") || name.contains("password") || name.contains("passphrase")
        || name.contains("secret") || name.contains("token") || name.contains("private");
  }
}
