package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's connector against a real sshd (OpenSSH 9.2, Debian 12, with the Terrapin fix)
 * whose offer a drop-in narrows: offering, for one family, only what {@link SshAlgorithmPolicy}
 * leaves out, it is refused during key exchange; offering only strong algorithms, it is accepted
 * within the policy and with strict key exchange; and every entry of the policy works with OpenSSH
 * on its own. sshd's debug log is the witness of what the operator offered and agreed to.
 *
 * <p>Weak families covered here: the SHA-1 and 1024-bit key exchanges (diffie-hellman-group1-sha1,
 * group14-sha1, group-exchange-sha1), ssh-rsa and ssh-dss host keys, ssh-rsa log-on signatures,
 * CBC and 3DES ciphers, SHA-1 and MD5 MACs; and two strong ones the policy leaves out
 * (group-exchange-sha256, chacha20-poly1305). This sshd cannot even offer arcfour, blowfish-cbc,
 * cast128-cbc or hmac-ripemd160 (gone from OpenSSH since 7.6; {@code ssh -Q cipher|mac}):
 * SshAlgorithmPolicyTest covers those.
 */
class SshAlgorithmPolicyIT {
  private static final Map<String, String> HOST_KEY_FILES = Map.of(
      "ssh-ed25519", "/etc/ssh/ssh_host_ed25519_key",
      "ecdsa-sha2-nistp256", "/etc/ssh/ssh_host_ecdsa_key",
      "ecdsa-sha2-nistp384", "/etc/ssh/ssh_host_ecdsa384_key",
      "ecdsa-sha2-nistp521", "/etc/ssh/ssh_host_ecdsa521_key",
      "rsa-sha2-512", "/etc/ssh/ssh_host_rsa_key",
      "rsa-sha2-256", "/etc/ssh/ssh_host_rsa_key",
      "ssh-dss", "/etc/ssh/ssh_host_dsa_key");
  /** The names sshd gives the client's lists in its log, by the family names of AlgorithmsRefusedException. */
  private static final Map<String, String> OFFER_IN_LOG = Map.of(
      "key exchange", "KEX algorithms",
      "host key", "host key algorithms",
      "cipher", "ciphers ctos",
      "MAC", "MACs ctos");

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("kex").build();

  private static Sandbox sandbox;
  private static String rsaUserKey;
  private final SshConnector connector = new SshConnector(Duration.ofSeconds(10),
      new CommandLimits(Duration.ofSeconds(30), 1 << 20), HostMetrics.none());

  @BeforeAll
  static void prepare() {
    sandbox = sandboxes.get("kex");
    // Host keys a fresh sandbox lacks (ssh-keygen -A makes ed25519, ecdsa-256 and rsa), and an RSA
    // key root accepts besides the admin's ed25519 one: what an ssh-rsa log-on would sign with.
    sandbox.sh("ssh-keygen -q -t ecdsa -b 384 -N '' -f /etc/ssh/ssh_host_ecdsa384_key"
        + " && ssh-keygen -q -t ecdsa -b 521 -N '' -f /etc/ssh/ssh_host_ecdsa521_key"
        + " && ssh-keygen -q -t dsa -N '' -f /etc/ssh/ssh_host_dsa_key"
        + " && ssh-keygen -q -t rsa -b 3072 -N '' -f /root/rsa_user_key"
        + " && cat /root/rsa_user_key.pub >> /root/.ssh/authorized_keys").orThrow("keys");
    rsaUserKey = sandbox.exec("cat", "/root/rsa_user_key").orThrow("read RSA key").stdout();
    // DEBUG2 and up: sshd logs the client's proposal, what was agreed, and strict KEX (DEBUG3).
    sandbox.logSshdAt("DEBUG3");
  }

  static Stream<Arguments> weakOnly() {
    return Stream.of(
        arguments("key exchange", List.of("KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,"
            + "diffie-hellman-group-exchange-sha1")),
        // sshj would take a 1024-bit group from the server here.
        arguments("key exchange", List.of("KexAlgorithms diffie-hellman-group-exchange-sha256")),
        arguments("host key", List.of("HostKeyAlgorithms ssh-rsa")),
        arguments("host key", List.of("HostKey " + HOST_KEY_FILES.get("ssh-dss"), "HostKeyAlgorithms ssh-dss")),
        arguments("cipher", List.of("Ciphers aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc")),
        // Sound with strict KEX, Terrapin's target without it; sshj cannot tell the two apart.
        arguments("cipher", List.of("Ciphers chacha20-poly1305@openssh.com")),
        // A cipher that uses a MAC, or sshd (unlike sshj) would not need one in common.
        arguments("MAC", List.of("Ciphers aes128-ctr", "MACs hmac-sha1,hmac-sha1-96,hmac-md5,hmac-md5-96,"
            + "hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-md5-etm@openssh.com,"
            + "hmac-md5-96-etm@openssh.com")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource
  void weakOnly(String family, List<String> sshdConfig) {
    sandbox.restartSshdWith(sshdConfig.toArray(String[]::new));
    String offered = sshdConfig.get(sshdConfig.size() - 1).split(" ")[1];
    Supplier<SshdKexLog> during = logFromNow();

    assertThatThrownBy(() -> connector.connect(target(sandbox.adminPrivateKey(), sandbox.hostKeyFingerprint())))
        .isInstanceOfSatisfying(AlgorithmsRefusedException.class, refused -> assertThat(refused.family())
            .isEqualTo(family))
        // The server's list, as sshd sends it (for key exchange followed by its strict KEX marker).
        .hasMessageContaining("offers no " + family + " algorithm the operator accepts (it offers "
            + offered.replace(",", ", "));

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> during.get().negotiationFailure().isPresent());
    SshdKexLog seen = during.get();
    assertThat(seen.negotiationFailure().orElseThrow()).as("sshd's side").contains("no matching");
    assertThat(seen.clientOffered(OFFER_IN_LOG.get(family))).as("what the operator offered, as sshd read it")
        .containsExactlyElementsOf(offerOf(family));
  }

  /** The brief's strong-only server: it prefers sntrup761 and chacha20; the client's order decides. */
  @Test
  void aServerOfferingOnlyStrongAlgorithmsIsAcceptedWithinThePolicyAndWithStrictKeyExchange() {
    sandbox.restartSshdWith(
        "KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group16-sha512,"
            + "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
        "HostKeyAlgorithms ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
        "Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,"
            + "aes128-ctr",
        "MACs umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,"
            + "hmac-sha2-512",
        "PubkeyAcceptedAlgorithms ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256");
    Supplier<SshdKexLog> during = logFromNow();

    try (SshConnection connection = connector.connect(target(sandbox.adminPrivateKey(),
        sandbox.hostKeyFingerprint()))) {
      assertThat(connection.run(Command.of("echo", "in")).stdout()).isEqualTo("in\n");
    }

    SshdKexLog seen = during.get();
    assertThat(seen.agreedKeyExchange().orElseThrow()).isIn(SshAlgorithmPolicy.keyExchange())
        .isEqualTo("curve25519-sha256");
    assertThat(seen.agreedHostKey().orElseThrow()).isIn(SshAlgorithmPolicy.signatures()).isEqualTo("ssh-ed25519");
    assertThat(seen.agreedCipher().orElseThrow()).isIn(SshAlgorithmPolicy.ciphers())
        .isEqualTo("aes256-gcm@openssh.com");
    assertThat(seen.agreedMac()).as("AES-GCM authenticates itself").contains("<implicit>");
    assertThat(seen.strictKeyExchange()).as("strict KEX agreed and applied by both sides").isTrue();
    OFFER_IN_LOG.forEach((family, inLog) -> assertThat(seen.clientOffered(inLog)).as(inLog)
        .containsExactlyElementsOf(offerOf(family)));
    assertThat(seen.clientOffered("ciphers stoc")).containsExactlyElementsOf(SshAlgorithmPolicy.ciphers());
    assertThat(seen.clientOffered("MACs stoc")).containsExactlyElementsOf(SshAlgorithmPolicy.macs());
  }

  /** Each entry alone on the server, with a cipher that uses a MAC where the MAC is the point. */
  static Stream<Arguments> eachAlgorithmOfThePolicy() {
    List<Arguments> cases = new ArrayList<>();
    SshAlgorithmPolicy.keyExchange().forEach(kex -> cases.add(arguments("key exchange", kex,
        List.of("KexAlgorithms " + kex))));
    SshAlgorithmPolicy.signatures().forEach(alg -> cases.add(arguments("host key", alg,
        List.of("HostKey " + HOST_KEY_FILES.get(alg), "HostKeyAlgorithms " + alg))));
    SshAlgorithmPolicy.ciphers().forEach(cipher -> cases.add(arguments("cipher", cipher,
        List.of("Ciphers " + cipher))));
    SshAlgorithmPolicy.macs().forEach(mac -> cases.add(arguments("MAC", mac,
        List.of("Ciphers aes128-ctr", "MACs " + mac))));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void eachAlgorithmOfThePolicy(String family, String algorithm, List<String> sshdConfig) {
    sandbox.restartSshdWith(sshdConfig.toArray(String[]::new));
    String hostKey = family.equals("host key") ? fingerprint(HOST_KEY_FILES.get(algorithm))
        : sandbox.hostKeyFingerprint();
    Supplier<SshdKexLog> during = logFromNow();

    try (SshConnection connection = connector.connect(target(sandbox.adminPrivateKey(), hostKey))) {
      assertThat(connection.run(Command.of("true")).succeeded()).isTrue();
    }

    SshdKexLog seen = during.get();
    assertThat(switch (family) {
      case "key exchange" -> seen.agreedKeyExchange();
      case "host key" -> seen.agreedHostKey();
      case "cipher" -> seen.agreedCipher();
      default -> seen.agreedMac();
    }).contains(algorithm);
    assertThat(seen.strictKeyExchange()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"rsa-sha2-512", "rsa-sha2-256"})
  void anRsaKeyLogsOnWithEitherSha2Signature(String algorithm) {
    sandbox.restartSshdWith("PubkeyAcceptedAlgorithms " + algorithm);
    Supplier<SshdKexLog> during = logFromNow();

    try (SshConnection connection = connector.connect(target(rsaUserKey, sandbox.hostKeyFingerprint()))) {
      assertThat(connection.run(Command.of("true")).succeeded()).isTrue();
    }

    assertThat(during.get().log()).contains("Accepted publickey for root").contains("pkalg " + algorithm);
  }

  @Test
  void anRsaKeyNeverLogsOnWithSha1() {
    sandbox.restartSshdWith("PubkeyAcceptedAlgorithms ssh-rsa");
    Supplier<SshdKexLog> during = logFromNow();

    assertThatThrownBy(() -> connector.connect(target(rsaUserKey, sandbox.hostKeyFingerprint())))
        .isInstanceOf(AuthenticationFailedException.class);

    assertThat(during.get().log()).as("both SHA-2 signatures tried, refused by this sshd; never ssh-rsa")
        .contains("rsa-sha2-512 not in PubkeyAcceptedAlgorithms", "rsa-sha2-256 not in PubkeyAcceptedAlgorithms")
        .doesNotContain("pkalg ssh-rsa").doesNotContain("Accepted publickey");
  }

  /** The operator's list for a family, as it goes on the wire (sshj adds the strict KEX marker). */
  private static List<String> offerOf(String family) {
    return switch (family) {
      case "key exchange" -> Stream.concat(SshAlgorithmPolicy.keyExchange().stream(),
          Stream.of("ext-info-c", "kex-strict-c-v00@openssh.com")).toList();
      case "host key" -> SshAlgorithmPolicy.signatures();
      case "cipher" -> SshAlgorithmPolicy.ciphers();
      default -> SshAlgorithmPolicy.macs();
    };
  }

  /** What sshd logs from now on (the log is only ever appended to). */
  private static Supplier<SshdKexLog> logFromNow() {
    int start = sandbox.sshdLog().length();
    return () -> new SshdKexLog(sandbox.sshdLog().substring(start));
  }

  private static String fingerprint(String hostKeyFile) {
    return sandbox.exec("ssh-keygen", "-l", "-E", "sha256", "-f", hostKeyFile + ".pub").orThrow("fingerprint")
        .stdout().split(" ")[1];
  }

  private static SshTarget target(String privateKey, String hostKeyFingerprint) {
    return new SshTarget(sandbox.address(), sandbox.port(), sandbox.adminUser(),
        new Credentials.PrivateKey(privateKey.toCharArray(), null), hostKeyFingerprint);
  }
}
