package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.OpenSshTools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin's public key, as the lock-out guard looks for it, is what ssh-keygen derives. */
class PrivateKeysTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1} ({2}, passphrase \"{3}\")")
  @CsvSource({
      "ed25519,256,RFC4716,''",
      "ed25519,256,RFC4716,secret words",
      "rsa,3072,PEM,''",
      "ecdsa,384,RFC4716,''"})
  void thePublicKeyOfAnAdminKeyIsTheOneSshKeygenDerives(String type, int bits, String format, String passphrase)
      throws Exception {
    Path key = dir.resolve(type + bits + format + passphrase.length());
    OpenSshTools.sshKeygen("-q", "-t", type, "-b", Integer.toString(bits), "-m", format, "-N", passphrase,
        "-C", "admin@test", "-f", key.toString());
    String expected = Files.readString(Path.of(key + ".pub")).strip().replaceFirst(" admin@test$", "");

    Credentials.PrivateKey credentials = new Credentials.PrivateKey(Files.readString(key).toCharArray(),
        passphrase.isEmpty() ? null : passphrase.toCharArray());

    assertThat(PrivateKeys.publicKey(credentials)).contains(expected);
  }

  @Test
  void anUnreadableKeyGivesNothingAndQuotesNothing() {
    assertThat(PrivateKeys.publicKey(new Credentials.PrivateKey("not a key".toCharArray(), null))).isEmpty();
  }

  @Test
  void aWrongPassphraseGivesNothing() throws Exception {
    Path key = dir.resolve("protected");
    OpenSshTools.sshKeygen("-q", "-t", "ed25519", "-N", "right", "-f", key.toString());
    assertThat(PrivateKeys.publicKey(new Credentials.PrivateKey(Files.readString(key).toCharArray(),
        "wrong".toCharArray()))).isEmpty();
  }
}
