package io.ecslogon.operator.testing.ecs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ACS3-HMAC-SHA256 signature as tea-openapi 0.3.x computes it (see /tmp/aliyun-probe/FINDINGS.md
 * section 3): no key derivation, the AccessKey secret signs the hash of the canonical request.
 */
final class AcsSignature {
  static final String ALGORITHM = "ACS3-HMAC-SHA256";

  private AcsSignature() {}

  /** The parts of an {@code Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..} header. */
  record Authorization(String accessKeyId, String signedHeaders, String signature) {
    /** Null when the header is absent, of another algorithm or lacks a part: ECS calls that IncompleteSignature. */
    static Authorization parse(String header) {
      if (header == null || !header.startsWith(ALGORITHM + " ")) {
        return null;
      }
      Map<String, String> parts = new TreeMap<>();
      for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
      }
      String keyId = parts.get("Credential");
      String signed = parts.get("SignedHeaders");
      String signature = parts.get("Signature");
      if (keyId == null || signed == null || signature == null || keyId.isEmpty() || signed.isEmpty()) {
        return null;
      }
      return new Authorization(keyId, signed, signature);
    }
  }

  /**
   * @param decodedQuery the query as the server decoded it: canonical form re-encodes it, because the
   *     wire uses form encoding ('+', raw '*', %7E) where the signer used RFC 3986
   * @param headers lower-cased names
   */
  static String canonicalRequest(String method, String path, Map<String, String> decodedQuery,
      Map<String, String> headers, String signedHeaders, String payloadHash) {
    StringBuilder query = new StringBuilder();
    new TreeMap<>(decodedQuery).forEach((name, value) -> {
      if (query.length() > 0) {
        query.append('&');
      }
      query.append(percentEncode(name)).append('=').append(percentEncode(value));
    });
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      canonicalHeaders.append(name).append(':').append(headers.getOrDefault(name, "").trim()).append('\n');
    }
    return method.toUpperCase(Locale.ROOT) + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n" + query
        + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + payloadHash;
  }

  static String signature(String secret, String canonicalRequest) {
    String stringToSign = ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  static boolean sameSignature(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** RFC 3986: only A-Z a-z 0-9 - _ . ~ stay literal, every other UTF-8 byte becomes %XX (upper-case). */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    return out.toString();
  }
}
