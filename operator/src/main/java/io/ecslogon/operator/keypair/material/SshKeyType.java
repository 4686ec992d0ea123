package io.ecslogon.operator.keypair.material;

import java.util.Arrays;
import java.util.Optional;

/** The key types the operator generates and accepts, with OpenSSH's names for them. */
public enum SshKeyType {
  ED25519("ssh-ed25519", "ed25519", 256, null, null),
  RSA("ssh-rsa", "rsa", 0, null, null),
  ECDSA_P256("ecdsa-sha2-nistp256", "ecdsa", 256, "nistp256", "secp256r1"),
  ECDSA_P384("ecdsa-sha2-nistp384", "ecdsa", 384, "nistp384", "secp384r1"),
  ECDSA_P521("ecdsa-sha2-nistp521", "ecdsa", 521, "nistp521", "secp521r1");

  private final String sshName;
  private final String family;
  private final int fixedBits;
  private final String curveId;
  private final String jcaCurve;

  SshKeyType(String sshName, String family, int fixedBits, String curveId, String jcaCurve) {
    this.sshName = sshName;
    this.family = family;
    this.fixedBits = fixedBits;
    this.curveId = curveId;
    this.jcaCurve = jcaCurve;
  }

  /** The name in key blobs and authorized_keys lines, e.g. ssh-ed25519. */
  public String sshName() {
    return sshName;
  }

  /** ed25519, rsa or ecdsa: the KeyPair API's spec.type. */
  public String family() {
    return family;
  }

  String curveId() {
    return curveId;
  }

  String jcaCurve() {
    return jcaCurve;
  }

  boolean isEcdsa() {
    return curveId != null;
  }

  public static Optional<SshKeyType> bySshName(String name) {
    return Arrays.stream(values()).filter(type -> type.sshName.equals(name)).findFirst();
  }

  /**
   * The type for an API family and size; {@code bits == null} picks the default size (rsa 3072,
   * ecdsa 256).
   */
  public static SshKeyType of(String family, Integer bits) {
    return switch (family == null ? "ed25519" : family) {
      case "ed25519" -> ED25519;
      case "rsa" -> RSA;
      case "ecdsa" -> switch (bits == null ? 256 : bits) {
        case 256 -> ECDSA_P256;
        case 384 -> ECDSA_P384;
        case 521 -> ECDSA_P521;
        default -> throw new IllegalArgumentException("ecdsa bits must be 256, 384 or 521");
      };
      default -> throw new IllegalArgumentException("unsupported key type " + family);
    };
  }

  /** Bits for types whose size is fixed by the type; 0 for RSA, whose size varies. */
  int fixedBits() {
    return fixedBits;
  }
}
