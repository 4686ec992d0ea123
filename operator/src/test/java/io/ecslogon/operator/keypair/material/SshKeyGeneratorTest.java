package io.ecslogon.operator.keypair.material;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.stream.Stream;
import io.ecslogon.operator.testing.OpenSshTools;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generated key is judged by OpenSSH's own ssh-keygen, and read back by sshj. */
class SshKeyGeneratorTest {
  private static final SshKeyGenerator GENERATOR = new SshKeyGenerator(new SecureRandom());

  @TempDir
  Path dir;

  static Stream<Arguments> everyTypeAndSize() {
    return Stream.of(
        Arguments.of(SshKeyType.ED25519, 256),
        Arguments.of(SshKeyType.RSA, 2048),
        Arguments.of(SshKeyType.RSA, 3072),
        Arguments.of(SshKeyType.RSA, 4096),
        Arguments.of(SshKeyType.ECDSA_P256, 256),
        Arguments.of(SshKeyType.ECDSA_P384, 384),
        Arguments.of(SshKeyType.ECDSA_P521, 521));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTypeAndSize")
  void sshKeygenDerivesThePublicKeyAndFingerprints(SshKeyType type, int bits) throws Exception {
    GeneratedKey key = GENERATOR.generate(type, bits, "test@ecslogon", null);
    Path file = write(key);

    assertThat(OpenSshTools.sshKeygen("-y", "-f", file.toString()).strip()).isEqualTo(key.publicKey().canonical() + " test@ecslogon");
    String sha256 = OpenSshTools.sshKeygen("-l", "-E", "sha256", "-f", file.toString());
    assertThat(sha256).startsWith(bits + " " + key.publicKey().sha256Fingerprint() + " test@ecslogon");
    assertThat(OpenSshTools.sshKeygen("-l", "-E", "md5", "-f", file.toString())).contains("MD5:" + key.publicKey().md5Fingerprint());
    assertThat(key.publicKey().bits()).isEqualTo(bits);
    try (SSHClient ssh = new SSHClient()) {
      assertThat(ssh.loadKeys(file.toString()).getPublic()).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTypeAndSize")
  void aPassphraseEncryptsTheKeyAsSshKeygenExpects(SshKeyType type, int bits) throws Exception {
    GeneratedKey key = GENERATOR.generate(type, bits, "enc", "correct horse".toCharArray());
    Path file = write(key);

    assertThat(new String(key.privateKeyOpenSsh())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    assertThat(OpenSshTools.sshKeygen("-y", "-P", "correct horse", "-f", file.toString()).strip())
        .isEqualTo(key.publicKey().canonical() + " enc");
    assertThat(OpenSshTools.run("ssh-keygen", "-y", "-P", "wrong", "-f", file.toString()).exitCode()).isNotZero();
    try (SSHClient ssh = new SSHClient()) {
      assertThat(ssh.loadKeys(file.toString(), PasswordUtils.createOneOff("correct horse".toCharArray())).getPrivate())
          .isNotNull();
    }
  }

  private Path write(GeneratedKey key) throws Exception {
    return OpenSshTools.privateKeyFile(dir, new String(key.privateKeyOpenSsh()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
