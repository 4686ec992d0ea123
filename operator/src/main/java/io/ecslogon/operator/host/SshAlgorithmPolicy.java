package io.ecslogon.operator.host;

import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.transport.mac.MAC;

/**
 * What the operator's SSH client offers, and nothing else: a server with nothing in common in one
 * family is refused during key exchange ({@link AlgorithmsRefusedException}), before a host key is
 * trusted or a credential offered. In SSH the client's order decides, so each list is in the order
 * we prefer. See docs/design.md, "What the operator's SSH client offers".
 *
 * <p>sshj's own defaults offer everything it can do, SHA-1 and CBC first among them; this is the
 * only place that narrows them. Strict key exchange ({@code kex-strict-c-v00@openssh.com}, the
 * Terrapin countermeasure) is not in these lists: sshj (0.38 and later) adds it to the first key
 * exchange of every connection itself, and it is agreed with every server that knows it (OpenSSH
 * 9.6, and the distributions' patched older ones).
 */
public final class SshAlgorithmPolicy {
  private SshAlgorithmPolicy() {}

  /** A client configuration that offers exactly these lists. */
  public static Config config() {
    DefaultConfig config = new DefaultConfig();
    List<Factory.Named<KeyExchange>> keyExchange = new ArrayList<>(keyExchangeFactories());
    // Not an algorithm: tells the server it may send its accepted signature algorithms (RFC 8308).
    keyExchange.add(new ExtInfoClientFactory());
    config.setKeyExchangeFactories(keyExchange);
    config.setKeyAlgorithms(signatureFactories());
    config.setCipherFactories(cipherFactories());
    config.setMACFactories(macFactories());
    return config;
  }

  public static List<String> keyExchange() {
    return names(keyExchangeFactories());
  }

  /** For the host key and for the operator's own key when it logs on: one list in sshj. */
  public static List<String> signatures() {
    return names(signatureFactories());
  }

  public static List<String> ciphers() {
    return names(cipherFactories());
  }

  public static List<String> macs() {
    return names(macFactories());
  }

  /**
   * Elliptic-curve exchanges first; then the fixed finite-field groups of 2048 bits and more with
   * SHA-2 (what FIPS-mode hosts keep). Left out: every SHA-1 exchange (group1-sha1 is a 1024-bit
   * group, Logjam-sized; group14-sha1 and group-exchange-sha1 hash with SHA-1); and
   * group-exchange-sha256 too, because sshj accepts a group as small as 1024 bits from the server
   * and cannot be told to want more, while every server that offers it also offers a fixed group
   * or a curve.
   */
  private static List<Factory.Named<KeyExchange>> keyExchangeFactories() {
    return List.of(
        new Curve25519SHA256.Factory(),
        new Curve25519SHA256.FactoryLibSsh(),
        new ECDHNistP.Factory521(),
        new ECDHNistP.Factory384(),
        new ECDHNistP.Factory256(),
        DHGroups.Group16SHA512(),
        DHGroups.Group18SHA512(),
        DHGroups.Group14SHA256());
  }

  /**
   * Left out: {@code ssh-rsa}, which signs with SHA-1 (RSA keys still work, as rsa-sha2-512 and
   * rsa-sha2-256, which every OpenSSH since 7.2 accepts); {@code ssh-dss} (1024-bit DSA, SHA-1,
   * gone from OpenSSH since 7.0); and certificates, which the operator never checks against a CA
   * (it trusts host keys by fingerprint and logs on with plain keys), while sshj's RSA certificate
   * signs with SHA-1 as well.
   */
  private static List<Factory.Named<KeyAlgorithm>> signatureFactories() {
    return List.of(
        KeyAlgorithms.EdDSA25519(),
        KeyAlgorithms.ECDSASHANistp521(),
        KeyAlgorithms.ECDSASHANistp384(),
        KeyAlgorithms.ECDSASHANistp256(),
        KeyAlgorithms.RSASHA512(),
        KeyAlgorithms.RSASHA256());
  }

  /**
   * AES-GCM first: Terrapin cannot touch it whether or not the server knows strict key exchange.
   * Then AES-CTR. Left out: every CBC mode (plaintext recovery, and with EtM MACs the practical
   * Terrapin case), arcfour (RC4, broken), 3des (64-bit blocks: Sweet32), blowfish, cast128, idea,
   * serpent and twofish (no longer offered by OpenSSH, so only surface); and
   * chacha20-poly1305@openssh.com, which is sound with strict key exchange but Terrapin's practical
   * target without it, and sshj cannot refuse it only when strict key exchange was not agreed;
   * every server that has it has AES-GCM too (OpenSSH 6.2 before 6.5).
   */
  private static List<Factory.Named<Cipher>> cipherFactories() {
    return List.of(
        GcmCiphers.AES256GCM(),
        GcmCiphers.AES128GCM(),
        BlockCiphers.AES256CTR(),
        BlockCiphers.AES192CTR(),
        BlockCiphers.AES128CTR());
  }

  /**
   * SHA-2 only, encrypt-then-MAC first. With AES-GCM no MAC is used, but sshj still needs a name
   * in common with the server. Left out: hmac-sha1 and hmac-md5 (and their -96 and -etm forms;
   * SHA-1 and MD5 are what this policy removes everywhere), and hmac-ripemd160 (not in OpenSSH
   * since 7.6).
   */
  private static List<Factory.Named<MAC>> macFactories() {
    return List.of(
        Macs.HMACSHA2512Etm(),
        Macs.HMACSHA2256Etm(),
        Macs.HMACSHA2512(),
        Macs.HMACSHA2256());
  }

  private static List<String> names(List<? extends Factory.Named<?>> factories) {
    return factories.stream().map(Factory.Named::getName).toList();
  }
}
