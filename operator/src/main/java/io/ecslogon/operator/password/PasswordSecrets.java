package io.ecslogon.operator.password;

import io.ecslogon.operator.secrets.StrictUtf8;
import io.fabric8.kubernetes.api.model.Secret;
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
  public static char[] read(Secret secret, String key) {
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    if (encoded == null) {
      throw new Unusable("PasswordSecretInvalid", "Secret " + secret.getMetadata().getName() + " has no key " + key);
    }
    char[] password = StrictUtf8.decode(Base64.getDecoder().decode(encoded)).orElseThrow(() -> new Unusable(
        "PasswordSecretInvalid", "the password in Secret " + secret.getMetadata().getName() + " key " + key
            + " is not valid UTF-8, so it was not used (the instance would get another password than the Secret"
            + " holds)"));
    PasswordRules.problem(password).ifPresent(problem -> {
      Arrays.fill(password, '\0');
      throw new Unusable("PasswordRejected", "the password in Secret " + secret.getMetadata().getName()
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
