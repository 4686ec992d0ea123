package io.ecslogon.operator.keypair.material;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SshPublicKeyTest {
  private static final String ED25519 = new SshKeyGenerator(new SecureRandom())
      .generate(SshKeyType.ED25519, 256, "x", null).publicKey().canonical();

  @Test
  void parsesAndCanonicalises() {
    SshPublicKey key = SshPublicKey.parse("  " + ED25519 + "   alice@laptop  \n");
    assertThat(key.canonical()).isEqualTo(ED25519);
    assertThat(key.type()).isEqualTo(SshKeyType.ED25519);
    assertThat(key.bits()).isEqualTo(256);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "two lines|several lines",
      "options in front|options in front of the key",
      "ssh-dss|ssh-dss (DSA) keys are not accepted",
      "bad base64|not valid base64",
      "type mismatch|is a ssh-ed25519 key but the line says ssh-rsa",
      "unknown type|unsupported key type",
      "trailing bytes|bytes after the key",
      "truncated|truncated or malformed",
      "rsa 1024|at least 2048 bits, this one has 1024",
      "no key data|no key data",
      "empty|empty"})
  void refusesAnythingButExactlyOneValidKey(String label, String expectedMessage) {
    String body = ED25519.split(" ")[1];
    byte[] blob = Base64.getDecoder().decode(body);
    String line = switch (label) {
      case "two lines" -> ED25519 + "\n" + ED25519;
      case "options in front" -> "command=\"/bin/sh\" " + ED25519;
      case "ssh-dss" -> "ssh-dss AAAAB3NzaC1kc3MAAACBAP";
      case "bad base64" -> "ssh-ed25519 AAAA$$$$";
      case "type mismatch" -> "ssh-rsa " + body;
      case "unknown type" -> "ssh-foo " + body;
      case "trailing bytes" -> "ssh-ed25519 " + Base64.getEncoder().encodeToString(concat(blob, new byte[] {1, 2}));
      case "truncated" -> "ssh-ed25519 " + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(blob, 20));
      case "rsa 1024" -> "ssh-rsa " + Base64.getEncoder().encodeToString(new SshWire.Writer().string("ssh-rsa")
          .mpint(BigInteger.valueOf(65537)).mpint(BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE)).bytes());
      case "no key data" -> "ssh-ed25519";
      default -> "   ";
    };
    assertThatThrownBy(() -> SshPublicKey.parse(line))
        .isInstanceOf(InvalidPublicKeyException.class)
        .hasMessageContaining(expectedMessage);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
