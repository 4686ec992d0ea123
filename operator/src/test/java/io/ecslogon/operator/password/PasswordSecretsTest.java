package io.ecslogon.operator.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.secrets.SecretReader.ReadSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordSecretsTest {
  @Test
  void aPasswordThatIsNotValidUtf8IsRefusedRatherThanReplaced() {
    byte[] bytes = "Passw0rd!Ab".getBytes(StandardCharsets.US_ASCII);
    bytes[4] = (byte) 0xff;

    assertThatThrownBy(() -> PasswordSecrets.read(secret(bytes), "password"))
        .isInstanceOfSatisfying(PasswordSecrets.Unusable.class,
            e -> assertThat(e.reason()).isEqualTo("PasswordSecretInvalid"))
        .hasMessageContaining("not valid UTF-8")
        .hasMessageNotContaining("Pass");
  }

  @Test
  void validUtf8IsReadAsIs() {
    assertThat(PasswordSecrets.read(secret("Pässw0rd!Ab".getBytes(StandardCharsets.UTF_8)), "password"))
        .containsExactly("Pässw0rd!Ab".toCharArray());
  }

  private static ReadSecret secret(byte[] password) {
    return new ReadSecret("default", "pw", "uid-1", "1", "kubernetes.io/basic-auth",
        Map.of("password", Base64.getEncoder().encodeToString(password)));
  }
}
