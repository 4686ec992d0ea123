package io.ecslogon.operator.testing.leaks;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which entries of a Secret hold a secret. Decided by the Secret's type and the key's name: the
 * private key and passphrase of {@code kubernetes.io/ssh-auth}, the password of
 * {@code kubernetes.io/basic-auth}, and in any Secret a key whose name says password, passphrase,
 * secret, token or private key (accessKeySecret, securityToken). Public keys, usernames, AccessKey
 * ids and fingerprints are not secrets: they may appear in status and Events by design.
 * Service-account tokens and Helm release Secrets are not the test's secrets and are skipped.
 * A value is judged too: a public key line is public wherever it is stored (a hostile-input case
 * puts one where the private key belongs, and the same key is rightly shown in a KeyPair's status).
 */
final class SecretKeys {
  private static final Set<String> SKIPPED_TYPES = Set.of("kubernetes.io/service-account-token", "helm.sh/release.v1");
  private static final Set<String> NOT_SECRET = Set.of("ssh-publickey", "username", "accesskeyid");

  private static final Pattern PUBLIC_KEY_LINE =
      Pattern.compile("(ssh-|ecdsa-sha2-|sk-)[a-z0-9@.-]+ AAAA[A-Za-z0-9+/]{60,}={0,2}( [^\\n]*)?\\n?");

  private SecretKeys() {}

  static boolean isSecretValue(String value) {
    return !value.isEmpty() && !PUBLIC_KEY_LINE.matcher(value).matches();
  }

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
