package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares with what OpenSSH's own ssh-keygen prints for the same key. */
class HostKeyFingerprintTest {
  @TempDir
  Path dir;

  @Test
  void matchesSshKeygenForEveryKeyType() throws Exception {
    for (String[] type : new String[][] {{"ed25519", "256"}, {"rsa", "3072"}, {"ecdsa", "384"}}) {
      Path key = dir.resolve("key_" + type[0]);
      run("ssh-keygen", "-q", "-t", type[0], "-b", type[1], "-N", "", "-f", key.toString());
      String publicLine = Files.readString(Path.of(key + ".pub"));
      byte[] blob = Base64.getDecoder().decode(publicLine.split(" ")[1]);
      String expected = run("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").split(" ")[1];

      assertThat(HostKeyFingerprint.sha256(blob)).isEqualTo(expected);
    }
  }

  private static String run(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
