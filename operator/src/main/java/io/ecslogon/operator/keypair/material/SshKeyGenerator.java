package io.ecslogon.operator.keypair.material;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Generates SSH key pairs: Ed25519 through BouncyCastle (its raw 32-byte keys are what OpenSSH
 * stores), RSA and ECDSA through the JDK. RSA-4096 takes seconds: callers keep generation off the
 * reconcile path.
 */
public final class SshKeyGenerator {
  private final SecureRandom random;
  private final OpenSshPrivateKeyFormat format;

  public SshKeyGenerator(SecureRandom random) {
    this.random = random;
    this.format = new OpenSshPrivateKeyFormat(random);
  }

  /**
   * @param bits RSA modulus size (ignored for other types, whose size the type fixes)
   * @param passphrase encrypts the private key when non-empty; may be null
   */
  public GeneratedKey generate(SshKeyType type, int bits, String comment, char[] passphrase) {
    try {
      return switch (type) {
        case ED25519 -> ed25519(comment, passphrase);
        case RSA -> rsa(bits, comment, passphrase);
        default -> ecdsa(type, comment, passphrase);
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JRE cannot generate " + type.sshName() + " keys", e);
    }
  }

  private GeneratedKey ed25519(String comment, char[] passphrase) {
    Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
    byte[] seed = privateKey.getEncoded();
    byte[] publicPoint = privateKey.generatePublicKey().getEncoded();
    SshPublicKey publicKey = SshPublicKey.fromBlob(SshKeyType.ED25519,
        new SshWire.Writer().string(SshKeyType.ED25519.sshName()).string(publicPoint).bytes());
    // OpenSSH stores the 64-byte "secret key" of the reference implementation: seed then public key.
    byte[] secret = new byte[64];
    System.arraycopy(seed, 0, secret, 0, 32);
    System.arraycopy(publicPoint, 0, secret, 32, 32);
    byte[] fields = new SshWire.Writer().string(SshKeyType.ED25519.sshName()).string(publicPoint).string(secret).bytes();
    return new GeneratedKey(format.write(publicKey, fields, comment, passphrase), publicKey);
  }

  private GeneratedKey rsa(int bits, String comment, char[] passphrase) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
    SshPublicKey publicKey = SshPublicKey.fromBlob(SshKeyType.RSA, new SshWire.Writer()
        .string(SshKeyType.RSA.sshName()).mpint(key.getPublicExponent()).mpint(key.getModulus()).bytes());
    // PROTOCOL.key order: n, e, d, iqmp (q^-1 mod p, which is Java's CRT coefficient), p, q.
    byte[] fields = new SshWire.Writer().string(SshKeyType.RSA.sshName())
        .mpint(key.getModulus()).mpint(key.getPublicExponent()).mpint(key.getPrivateExponent())
        .mpint(key.getCrtCoefficient()).mpint(key.getPrimeP()).mpint(key.getPrimeQ()).bytes();
    return new GeneratedKey(format.write(publicKey, fields, comment, passphrase), publicKey);
  }

  private GeneratedKey ecdsa(SshKeyType type, String comment, char[] passphrase) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(type.jcaCurve()), random);
    KeyPair pair = generator.generateKeyPair();
    byte[] point = uncompressed(((ECPublicKey) pair.getPublic()).getW(), (type.fixedBits() + 7) / 8);
    SshPublicKey publicKey = SshPublicKey.fromBlob(type, new SshWire.Writer()
        .string(type.sshName()).string(type.curveId()).string(point).bytes());
    BigInteger scalar = ((ECPrivateKey) pair.getPrivate()).getS();
    byte[] fields = new SshWire.Writer().string(type.sshName()).string(type.curveId()).string(point).mpint(scalar).bytes();
    return new GeneratedKey(format.write(publicKey, fields, comment, passphrase), publicKey);
  }

  /** SEC 1 uncompressed point: 0x04, then X and Y, each left-padded to the field size. */
  private static byte[] uncompressed(ECPoint w, int coordinateBytes) {
    byte[] out = new byte[1 + 2 * coordinateBytes];
    out[0] = 0x04;
    copyUnsigned(w.getAffineX(), out, 1, coordinateBytes);
    copyUnsigned(w.getAffineY(), out, 1 + coordinateBytes, coordinateBytes);
    return out;
  }

  private static void copyUnsigned(BigInteger value, byte[] out, int offset, int length) {
    byte[] raw = value.toByteArray();
    int start = raw.length > length ? raw.length - length : 0;
    int count = raw.length - start;
    System.arraycopy(raw, start, out, offset + length - count, count);
  }
}
