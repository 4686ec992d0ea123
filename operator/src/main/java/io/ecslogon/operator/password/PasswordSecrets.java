package io.ecslogon.operator.password;

import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.secrets.SecretReader.ReadSecret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Passwords kept in Secrets: reading one key and checking it against the ECS rules before it can
 * reach an instance, and the data of a generated kubernetes.io/basic-auth Secret. Shared by
 * LogonUser and PasswordReset, which each turn a refusal into their own condition.
 */
public final class PasswordSecrets {
  public static final String BASIC_AUTH = "kubernetes.io/basic-auth";

  private PasswordSecrets() {}

  /** Why a Secret's password cannot be used; the message never quotes the password. */
  public static final class Unusable extends RuntimeException {
    private final String reason;

    Unusable(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** The password under {@code key}, checked; the caller wipes the chars when done. */
  public static char[] read(ReadSecret secret, String key) {
    char[] password;
    try {
      password = secret.value(key).orElseThrow(
          () -> new Unusable("PasswordSecretInvalid", "Secret " + secret.name() + " has no key " + key));
    } catch (InvalidSecretException e) {
      throw new Unusable("PasswordSecretInvalid", e.getMessage());
    }
    PasswordRules.problem(password).ifPresent(problem -> {
      Arrays.fill(password, '\0');
      throw new Unusable("PasswordRejected", "the password in Secret " + secret.name()
          + " was not used: " + problem);
    });
    return password;
  }

  /** The data of a basic-auth Secret: username and password, base64-encoded. */
  public static Map<String, String> basicAuthData(String username, char[] password) {
    return Map.of("username", base64(username.toCharArray()), "password", base64(password));
  }

  private static String base64(char[] value) {
    return Base64.getEncoder().encodeToString(new String(value).getBytes(StandardCharsets.UTF_8));
  }
}
