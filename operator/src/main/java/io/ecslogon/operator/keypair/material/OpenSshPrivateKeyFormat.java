package io.ecslogon.operator.keypair.material;

import com.hierynomus.sshj.userauth.keyprovider.bcrypt.BCrypt;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes private keys in the openssh-key-v1 format (OpenSSH's PROTOCOL.key), the format
 * {@code ssh-keygen} writes by default. With a passphrase the private section is encrypted the way
 * ssh-keygen does it: a key and IV from bcrypt_pbkdf over the passphrase and a random salt (16
 * rounds), and aes256-ctr.
 */
final class OpenSshPrivateKeyFormat {
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int KDF_ROUNDS = 16;
  private static final int SALT_BYTES = 16;

  private final SecureRandom random;

  OpenSshPrivateKeyFormat(SecureRandom random) {
    this.random = random;
  }

  /**
   * @param privateFields the type-specific private section fields (after the two check integers,
   *     before the comment), as OpenSSH lays them out for the key's type
   */
  char[] write(SshPublicKey publicKey, byte[] privateFields, String comment, char[] passphrase) {
    boolean encrypted = passphrase != null && passphrase.length > 0;
    int blockSize = encrypted ? 16 : 8;
    int check = random.nextInt();
    SshWire.Writer secret = new SshWire.Writer().uint32(check).uint32(check).raw(privateFields).string(comment);
    for (int pad = 1; secret.size() % blockSize != 0; pad++) {
      secret.raw(new byte[] {(byte) pad});
    }
    byte[] section = secret.bytes();

    SshWire.Writer file = new SshWire.Writer().raw(MAGIC);
    if (encrypted) {
      byte[] salt = new byte[SALT_BYTES];
      random.nextBytes(salt);
      byte[] encryptedSection = aes256Ctr(section, passphrase, salt);
      Arrays.fill(section, (byte) 0);
      section = encryptedSection;
      file.string("aes256-ctr").string("bcrypt")
          .string(new SshWire.Writer().string(salt).uint32(KDF_ROUNDS).bytes());
    } else {
      file.string("none").string("none").string(new byte[0]);
    }
    file.uint32(1).string(publicKey.blob()).string(section);
    byte[] binary = file.bytes();
    Arrays.fill(section, (byte) 0);
    return armour(binary);
  }

  private static byte[] aes256Ctr(byte[] plain, char[] passphrase, byte[] salt) {
    byte[] password = utf8(passphrase);
    byte[] keyAndIv = new byte[48];
    try {
      new BCrypt().pbkdf(password, salt, KDF_ROUNDS, keyAndIv);
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 32, "AES"),
          new IvParameterSpec(keyAndIv, 32, 16));
      return cipher.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is part of every JRE", e);
    } finally {
      Arrays.fill(password, (byte) 0);
      Arrays.fill(keyAndIv, (byte) 0);
    }
  }

  private static byte[] utf8(char[] chars) {
    var encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    Arrays.fill(encoded.array(), (byte) 0);
    return bytes;
  }

  /** PEM armour with 70-character lines, as ssh-keygen writes it. */
  private static char[] armour(byte[] binary) {
    String base64 = Base64.getEncoder().encodeToString(binary);
    Arrays.fill(binary, (byte) 0);
    StringBuilder pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
    for (int i = 0; i < base64.length(); i += 70) {
      pem.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
    }
    pem.append("-----END OPENSSH PRIVATE KEY-----\n");
    char[] result = new char[pem.length()];
    pem.getChars(0, pem.length(), result, 0);
    pem.setLength(0);
    return result;
  }
}
