package io.ecslogon.operator.keypair.material;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import io.ecslogon.operator.host.HostKeyFingerprint;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An SSH public key: its type, its wire-format blob and its size. Parsing is strict, because an
 * authorized_keys line is a security boundary: exactly one key, no options in front (they could
 * run commands), base64 that decodes to a blob of the type it claims, nothing after the key but a
 * comment, no DSA, no RSA under 2048 bits.
 */
public final class SshPublicKey {
  private static final int MIN_RSA_BITS = 2048;
  private static final Pattern COMMENT = Pattern.compile("[\\x20-\\x7e]*");

  private final SshKeyType type;
  private final byte[] blob;
  private final int bits;

  SshPublicKey(SshKeyType type, byte[] blob, int bits) {
    this.type = type;
    this.blob = blob.clone();
    this.bits = bits;
  }

  public static SshPublicKey parse(String line) {
    if (line == null || line.isBlank()) {
      throw new InvalidPublicKeyException("the public key is empty");
    }
    String trimmed = line.strip();
    if (trimmed.contains("\n") || trimmed.contains("\r")) {
      throw new InvalidPublicKeyException("exactly one public key is expected, found several lines");
    }
    String[] fields = trimmed.split(" +", 3);
    SshKeyType type = SshKeyType.bySshName(fields[0]).orElseThrow(() -> unsupportedType(fields[0]));
    if (fields.length < 2) {
      throw new InvalidPublicKeyException("the public key has a type but no key data");
    }
    if (fields.length == 3 && !COMMENT.matcher(fields[2]).matches()) {
      throw new InvalidPublicKeyException("the comment after the key may only hold printable ASCII");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(fields[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidPublicKeyException("the key data is not valid base64");
    }
    return fromBlob(type, blob);
  }

  private static InvalidPublicKeyException unsupportedType(String first) {
    if ("ssh-dss".equals(first)) {
      return new InvalidPublicKeyException("ssh-dss (DSA) keys are not accepted: OpenSSH disabled them as too weak");
    }
    if (first.contains("=") || first.contains(",") || first.startsWith("no-") || first.equals("restrict")) {
      return new InvalidPublicKeyException("options in front of the key are not accepted; give the key line only");
    }
    return new InvalidPublicKeyException("unsupported key type; use ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521");
  }

  static SshPublicKey fromBlob(SshKeyType claimed, byte[] blob) {
    try {
      SshWire.Reader reader = new SshWire.Reader(blob);
      String inner = reader.text();
      if (!inner.equals(claimed.sshName())) {
        throw new InvalidPublicKeyException("the key data is a " + inner + " key but the line says " + claimed.sshName());
      }
      int bits = switch (claimed) {
        case ED25519 -> {
          if (reader.string().length != 32) {
            throw new InvalidPublicKeyException("an ssh-ed25519 key must be 32 bytes");
          }
          yield 256;
        }
        case RSA -> {
          BigInteger exponent = reader.mpint();
          BigInteger modulus = reader.mpint();
          if (exponent.signum() <= 0 || modulus.signum() <= 0) {
            throw new InvalidPublicKeyException("the RSA key data is malformed");
          }
          if (modulus.bitLength() < MIN_RSA_BITS) {
            throw new InvalidPublicKeyException("RSA keys must have at least " + MIN_RSA_BITS + " bits, this one has "
                + modulus.bitLength());
          }
          yield modulus.bitLength();
        }
        default -> {
          if (!reader.text().equals(claimed.curveId())) {
            throw new InvalidPublicKeyException("the ECDSA curve does not match " + claimed.sshName());
          }
          byte[] point = reader.string();
          int coordinate = (claimed.fixedBits() + 7) / 8;
          if (point.length != 1 + 2 * coordinate || point[0] != 0x04) {
            throw new InvalidPublicKeyException("the ECDSA point is not an uncompressed point on " + claimed.curveId());
          }
          yield claimed.fixedBits();
        }
      };
      if (!reader.atEnd()) {
        throw new InvalidPublicKeyException("the key data has bytes after the key");
      }
      return new SshPublicKey(claimed, blob, bits);
    } catch (InvalidPublicKeyException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidPublicKeyException("the key data is truncated or malformed");
    }
  }

  public SshKeyType type() {
    return type;
  }

  public int bits() {
    return bits;
  }

  public byte[] blob() {
    return blob.clone();
  }

  /** Type and base64 key, no comment: the canonical form stored in status and compared. */
  public String canonical() {
    return type.sshName() + " " + Base64.getEncoder().encodeToString(blob);
  }

  /** As {@code ssh-keygen -l -E sha256} prints it; the same function that fingerprints host keys. */
  public String sha256Fingerprint() {
    return HostKeyFingerprint.sha256(blob);
  }

  /** As {@code ssh-keygen -l -E md5} prints it after "MD5:", and as the ECS console shows it. */
  public String md5Fingerprint() {
    return HexFormat.ofDelimiter(":").formatHex(digest("MD5"));
  }

  private byte[] digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm).digest(blob);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JRE", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SshPublicKey that && type == that.type && Arrays.equals(blob, that.blob);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(blob);
  }

  @Override
  public String toString() {
    return type.sshName() + " " + sha256Fingerprint();
  }
}
