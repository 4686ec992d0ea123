package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.hierynomus.sshj.key.KeyAlgorithms;
import java.util.List;
import java.util.stream.Stream;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.cipher.Cipher;
import org.junit.jupiter.api.Test;

/**
 * The lists themselves, as docs/design.md states them. Whether OpenSSH agrees to each entry, and
 * refuses what is left out, is SshAlgorithmPolicyIT's part; the families that OpenSSH 9.2 cannot
 * offer any more (arcfour, blowfish, cast128, hmac-ripemd160) are refused here only.
 */
class SshAlgorithmPolicyTest {
  /** Parts of names of what the policy leaves out, whatever sshj or OpenSSH add later under them. */
  private static final List<String> WEAK = List.of("sha1", "md5", "-cbc", "arcfour", "3des", "blowfish", "cast128",
      "idea", "serpent", "twofish", "ripemd", "group1-", "group-exchange", "ssh-dss", "cert-v01", "chacha20");

  @Test
  void theListsAreTheDocumentedOnesInOrderOfPreference() {
    assertThat(SshAlgorithmPolicy.keyExchange()).containsExactly("curve25519-sha256", "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp521", "ecdh-sha2-nistp384", "ecdh-sha2-nistp256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256");
    assertThat(SshAlgorithmPolicy.signatures()).containsExactly("ssh-ed25519", "ecdsa-sha2-nistp521",
        "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256");
    assertThat(SshAlgorithmPolicy.ciphers()).containsExactly("aes256-gcm@openssh.com", "aes128-gcm@openssh.com",
        "aes256-ctr", "aes192-ctr", "aes128-ctr");
    assertThat(SshAlgorithmPolicy.macs()).containsExactly("hmac-sha2-512-etm@openssh.com",
        "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512", "hmac-sha2-256");
  }

  @Test
  void nothingWeakIsOffered() {
    List<String> offered = Stream.of(SshAlgorithmPolicy.keyExchange(), SshAlgorithmPolicy.signatures(),
        SshAlgorithmPolicy.ciphers(), SshAlgorithmPolicy.macs()).flatMap(List::stream).toList();

    assertThat(offered).allSatisfy(name -> assertThat(name).doesNotContain(WEAK));
    assertThat(offered).as("SHA-1 RSA signatures").doesNotContain(KeyAlgorithms.SSHRSA().getName());
  }

  @Test
  void theClientConfigurationOffersExactlyThePolicy() {
    Config config = SshAlgorithmPolicy.config();

    assertThat(names(config.getKeyExchangeFactories())).as("ext-info-c only signals RFC 8308 support")
        .containsExactlyElementsOf(Stream.concat(SshAlgorithmPolicy.keyExchange().stream(), Stream.of("ext-info-c"))
            .toList());
    assertThat(names(config.getKeyAlgorithms())).containsExactlyElementsOf(SshAlgorithmPolicy.signatures());
    assertThat(names(config.getCipherFactories())).containsExactlyElementsOf(SshAlgorithmPolicy.ciphers());
    assertThat(names(config.getMACFactories())).containsExactlyElementsOf(SshAlgorithmPolicy.macs());
    assertThat(names(config.getCompressionFactories())).containsExactly("none");
  }

  /** sshj signs a log-on with each algorithm of the key's type in turn: for RSA only the SHA-2 ones. */
  @Test
  void anRsaKeyLogsOnWithSha2SignaturesOnly() {
    List<String> forRsa = SshAlgorithmPolicy.config().getKeyAlgorithms().stream()
        .filter(factory -> ((KeyAlgorithms.Factory) factory).getKeyType() == KeyType.RSA)
        .map(Factory.Named::getName).toList();

    assertThat(forRsa).containsExactly("rsa-sha2-512", "rsa-sha2-256");
  }

  /** sshj's DefaultConfig drops a cipher the JVM cannot run; a fixed list must not name one. */
  @Test
  void everyCipherRunsInThisJvm() throws Exception {
    for (Factory.Named<Cipher> factory : SshAlgorithmPolicy.config().getCipherFactories()) {
      Cipher cipher = factory.create();
      cipher.init(Cipher.Mode.Encrypt, new byte[cipher.getBlockSize()], new byte[cipher.getIVSize()]);
    }
  }

  private static List<String> names(List<? extends Factory.Named<?>> factories) {
    return factories.stream().map(Factory.Named::getName).toList();
  }
}
