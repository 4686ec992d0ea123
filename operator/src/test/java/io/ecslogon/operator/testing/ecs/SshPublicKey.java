package io.ecslogon.operator.testing.ecs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/** An OpenSSH public key line ("type base64 [comment]") as ImportKeyPair judges it. */
record SshPublicKey(String type, byte[] blob) {
  /**
   * The types the ImportKeyPair docs list (rsa, dsa, ssh-rsa, ssh-dss, ecdsa and their OpenSSH
   * certificates). ssh-ed25519 is not among them, so it is refused here as the docs say it is.
   */
  static final Set<String> ACCEPTED_TYPES = Set.of(
      "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
      "ssh-rsa-cert-v00@openssh.com", "ssh-dss-cert-v00@openssh.com",
      "ssh-rsa-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com",
      "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
      "ecdsa-sha2-nistp521-cert-v01@openssh.com");

  /** Null when the line is not a well-formed key whose blob names the same type as the line. */
  static SshPublicKey parse(String line) {
    String[] fields = line.strip().split("\\s+");
    if (fields.length < 2) {
      return null;
    }
    byte[] blob;
    try {
      blob = java.util.Base64.getDecoder().decode(fields[1]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String embeddedType = firstString(blob);
    return fields[0].equals(embeddedType) ? new SshPublicKey(fields[0], blob) : null;
  }

  /** MD5 of the key blob in colon-separated lower-case hex (RFC 4716), like {@code ssh-keygen -E md5 -l}. */
  String md5Fingerprint() {
    try {
      return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  /** The blob starts with the key type as an SSH string (uint32 length, bytes). */
  private static String firstString(byte[] blob) {
    if (blob.length < 4) {
      return null;
    }
    int length = ByteBuffer.wrap(blob, 0, 4).getInt();
    if (length < 0 || length > blob.length - 4) {
      return null;
    }
    return new String(blob, 4, length, StandardCharsets.US_ASCII);
  }
}
