package io.ecslogon.operator.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;

/** Fingerprints of SSH public keys in the form {@code ssh-keygen -l} prints. */
public final class HostKeyFingerprint {
  private HostKeyFingerprint() {}

  /** {@code SHA256:} followed by the unpadded base64 SHA-256 of the SSH wire-format key blob. */
  public static String sha256(PublicKey key) {
    return sha256(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
  }

  public static String sha256(byte[] keyBlob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
