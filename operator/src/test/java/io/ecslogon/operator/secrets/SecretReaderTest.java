package io.ecslogon.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretReaderTest {
  @Test
  void aValueThatIsNotValidUtf8IsRefusedByKeyNotReplacedWithU_FFFD() {
    String invalid = Base64.getEncoder().encodeToString(new byte[] {'a', 'b', (byte) 0xc3, '(', 'z'});
    SecretReader.ReadSecret secret = new SecretReader.ReadSecret("default", "admin", "uid-1", "1", "kubernetes.io/basic-auth",
        Map.of("password", invalid, "ok", Base64.getEncoder().encodeToString("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

    assertThatThrownBy(() -> secret.value("password")).isInstanceOf(InvalidSecretException.class)
        .hasMessage("Secret default/admin key password is not valid UTF-8, so it was not used");
    assertThat(secret.required("ok")).containsExactly("héllo".toCharArray());
  }
}
