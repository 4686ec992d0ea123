package io.ecslogon.operator.testing.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.keypair.material.GeneratedKey;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.keypair.material.SshKeyType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan can fail: planted secrets are found in each form, and what every key shares is not. */
class SecretLeakScanTest {
  private static final SshKeyGenerator KEYS = new SshKeyGenerator(new SecureRandom());
  private static final String PASSWORD = "Planted-Passw0rd!42";

  @Test
  void findsAPasswordExactlyInBase64AndByAnyTwelveCharacters() {
    SecretValue password = new SecretValue("ns/pw[password]", PASSWORD);
    LeakFinder finder = new LeakFinder(List.of(password));

    assertThat(finder.search(new Place(Place.Kind.LOG, "log", "set " + PASSWORD + " now"))).extracting(Hit::form)
        .containsExactly("exact value");
    String base64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
    assertThat(finder.search(new Place(Place.Kind.LOG, "event", "{\"note\":\"" + base64 + "\"}"))).extracting(Hit::form)
        .containsExactly("Base64");
    assertThat(finder.search(new Place(Place.Kind.LOG, "status", "…" + PASSWORD.substring(5, 17) + "…")))
        .singleElement().satisfies(hit -> {
          assertThat(hit.form()).startsWith("12-character substring");
          assertThat(hit.toString()).contains("ns/pw[password]", "status").doesNotContain(PASSWORD.substring(5, 17));
        });
    assertThat(finder.search(new Place(Place.Kind.LOG, "status", PASSWORD.substring(5, 16)))).as("11 characters").isEmpty();
  }

  @Test
  void findsTwelveCharactersOfAPrivateKeyEvenAcrossItsLineBreaks() {
    GeneratedKey key = KEYS.generate(SshKeyType.RSA, 2048, "leak-test", null);
    String privateKey = new String(key.privateKeyOpenSsh());
    LeakFinder finder = new LeakFinder(List.of(new SecretValue("ns/key[ssh-privatekey]", privateKey)));
    String[] lines = privateKey.split("\n");
    // Three fifths into a 2048-bit key's file (27 lines) is inside d, the private exponent.
    int inD = lines.length * 3 / 5;

    assertThat(finder.search(new Place(Place.Kind.LOG, "log", "oops " + lines[inD].substring(20, 32)))).hasSize(1);
    String acrossLines = lines[inD].substring(lines[inD].length() - 6) + "\\n" + lines[inD + 1].substring(0, 6);
    assertThat(finder.search(new Place(Place.Kind.LOG, "json", "\"" + acrossLines + "\""))).hasSize(1);
  }

  @Test
  void findsTheSeedOfAnEd25519Key() {
    GeneratedKey key = KEYS.generate(SshKeyType.ED25519, 0, "leak-test", null);
    String privateKey = new String(key.privateKeyOpenSsh());
    LeakFinder finder = new LeakFinder(List.of(new SecretValue("ns/key[ssh-privatekey]", privateKey)));
    // The 32-byte seed is bytes 157 to 189 of the file, Base64 characters 210 to 252: on the
    // fourth line of the body, after four characters.
    String seedPart = privateKey.split("\n")[4].substring(4, 28);

    assertThat(finder.search(new Place(Place.Kind.LOG, "history", "echo " + seedPart))).hasSize(1);
  }

  @Test
  void whatEveryKeySharesAndTheKeysPublicHalfAreNotHits() {
    for (SshKeyType type : SshKeyType.values()) {
      GeneratedKey key = KEYS.generate(type, type == SshKeyType.RSA ? 2048 : 0, "leak-test", null);
      GeneratedKey other = KEYS.generate(type, type == SshKeyType.RSA ? 2048 : 0, "leak-test", null);
      LeakFinder finder = new LeakFinder(
          List.of(new SecretValue("ns/key[ssh-privatekey]", new String(key.privateKeyOpenSsh()))));

      String publicText = "status.publicKey: " + key.publicKey().canonical() + "\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
          + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
      assertThat(finder.search(new Place(Place.Kind.LOG, "status", publicText))).as(type + ": public text").isEmpty();
      assertThat(finder.search(new Place(Place.Kind.LOG, "other key", new String(other.privateKeyOpenSsh()))))
          .as(type + ": another key of the same type").isEmpty();
    }
  }

  @Test
  void onlySecretEntriesOfASecretAreSecrets() {
    assertThat(SecretKeys.isSecret("kubernetes.io/ssh-auth", "ssh-privatekey")).isTrue();
    assertThat(SecretKeys.isSecret("kubernetes.io/ssh-auth", "passphrase")).isTrue();
    assertThat(SecretKeys.isSecret("kubernetes.io/basic-auth", "password")).isTrue();
    assertThat(SecretKeys.isSecret("Opaque", "accessKeySecret")).isTrue();
    assertThat(SecretKeys.isSecret("Opaque", "securityToken")).isTrue();
    assertThat(SecretKeys.isSecret("kubernetes.io/ssh-auth", "ssh-publickey")).isFalse();
    assertThat(SecretKeys.isSecret("kubernetes.io/basic-auth", "username")).isFalse();
    assertThat(SecretKeys.isSecret("Opaque", "accessKeyId")).isFalse();
    assertThat(SecretKeys.isSecret("kubernetes.io/service-account-token", "token")).isFalse();
  }

  @Test
  void aPublicKeyLineIsPublicEvenUnderAPrivateKeysName() {
    GeneratedKey key = KEYS.generate(SshKeyType.ED25519, 0, "leak-test", null);
    assertThat(SecretKeys.isSecretValue(key.publicKey().canonical())).isFalse();
    assertThat(SecretKeys.isSecretValue(key.publicKey().canonical() + " user@host\n")).isFalse();
    assertThat(SecretKeys.isSecretValue(new String(key.privateKeyOpenSsh()))).isTrue();
    assertThat(SecretKeys.isSecretValue("ssh-ed25519 but then a password")).isTrue();
    assertThat(SecretKeys.isSecretValue(PASSWORD)).isTrue();
  }
}
