package io.ecslogon.operator.testing.leaks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The windows of a private key worth searching for: substrings of its Base64 body (armour lines
 * and line breaks removed) made only of private bytes. Most of an OpenSSH key file is not secret:
 * a header every key shares ("openssh-key-v1", cipher and KDF names: b3BlbnNzaC1rZXktdjEAAAAA...),
 * the public key (which status, authorized_keys and Events show by design) twice, the key type,
 * the comment and fixed padding. So the file is decoded and a window is kept only when every byte
 * it touches lies inside one private field: the Ed25519 seed, the ECDSA scalar, RSA's d, iqmp, p
 * and q, or, for a passphrase-protected key, the encrypted section. Such a window is nine random
 * bytes: it cannot match by chance, and any leaked piece of the key longer than about 16
 * characters contains one. A key that is not OpenSSH (PEM) is not split: its first
 * {@value #PEM_HEADER} characters (the ASN.1 header every key of a type shares) are skipped and
 * every other window is kept.
 */
final class PrivateKeyWindows {
  static final int PEM_HEADER = 32;
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private record Range(int from, int to) {
    boolean holds(int start, int end) {
      return start >= from && end <= to;
    }
  }

  private PrivateKeyWindows() {}

  static boolean isPrivateKey(String value) {
    return value.contains("PRIVATE KEY-----");
  }

  static Set<String> of(String privateKey, int width) {
    String body = privateKey.replaceAll("-----[A-Z0-9 ]+-----", "").replaceAll("\\s", "");
    byte[] decoded = decode(body);
    List<Range> secret = decoded == null ? null : privateFields(decoded);
    Set<String> windows = new LinkedHashSet<>();
    for (int i = secret == null ? Math.min(PEM_HEADER, body.length()) : 0; i + width <= body.length(); i++) {
      int from = i * 6 / 8;
      int to = ((i + width) * 6 + 7) / 8;
      if (secret == null || secret.stream().anyMatch(range -> range.holds(from, to))) {
        windows.add(body.substring(i, i + width));
      }
    }
    return windows;
  }

  /** The byte ranges of an openssh-key-v1 file that are secret, or null when it is not one. */
  private static List<Range> privateFields(byte[] key) {
    if (key.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(key, MAGIC.length), MAGIC)) {
      return null;
    }
    Reader reader = new Reader(key, MAGIC.length);
    boolean encrypted = !"none".equals(reader.text());
    reader.skip(2); // KDF name and options
    int keys = reader.integer();
    reader.skip(keys); // public keys
    Range section = reader.field();
    if (section == null) {
      return null;
    }
    if (encrypted) {
      return List.of(section);
    }
    Reader inside = new Reader(key, section.from() + 8); // two check integers
    List<Range> secret = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      String type = inside.text();
      if (type == null) {
        return null;
      }
      if (type.equals("ssh-ed25519")) {
        inside.skip(1);
        Range both = inside.field(); // the seed, then the public key again
        secret.add(new Range(both.from(), both.from() + 32));
      } else if (type.equals("ssh-rsa")) {
        inside.skip(2); // n, e
        for (int field = 0; field < 4; field++) { // d, iqmp, p, q
          secret.add(inside.field());
        }
      } else if (type.startsWith("ecdsa-")) {
        inside.skip(2); // curve, public point
        secret.add(inside.field());
      } else {
        return null;
      }
      inside.skip(1); // comment
    }
    return secret.contains(null) ? null : secret;
  }

  /** Reads SSH wire strings; a field that runs past the end reads as null. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes, int position) {
      this.bytes = bytes;
      this.position = position;
    }

    int integer() {
      if (position < 0 || position + 4 > bytes.length) {
        position = -1;
        return 0;
      }
      int value = ((bytes[position] & 0xff) << 24) | ((bytes[position + 1] & 0xff) << 16)
          | ((bytes[position + 2] & 0xff) << 8) | (bytes[position + 3] & 0xff);
      position += 4;
      return value;
    }

    Range field() {
      int length = integer();
      if (position < 0 || length < 0 || position + length > bytes.length) {
        position = -1;
        return null;
      }
      Range range = new Range(position, position + length);
      position += length;
      return range;
    }

    String text() {
      Range range = field();
      return range == null ? null : new String(bytes, range.from(), range.to() - range.from(), StandardCharsets.US_ASCII);
    }

    void skip(int fields) {
      for (int field = 0; field < fields; field++) {
        field();
      }
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }
}
