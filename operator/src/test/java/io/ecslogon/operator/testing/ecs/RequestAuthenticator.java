package io.ecslogon.operator.testing.ecs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a request's ACS3 signature, date and nonce the way the ECS gateway does, with the error
 * codes it answers. Knows the AccessKeys (and STS tokens) the emulator was started with.
 */
final class RequestAuthenticator {
  /** ECS refuses dates further than this from its clock, and remembers nonces for as long. */
  static final Duration WINDOW = Duration.ofMinutes(15);

  private record Credential(String secret, String securityToken) {}

  private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
  private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();
  private final Clock clock;

  RequestAuthenticator(Clock clock) {
    this.clock = clock;
  }

  void addAccessKey(String accessKeyId, String secret) {
    credentials.put(accessKeyId, new Credential(secret, null));
  }

  void addStsCredential(String accessKeyId, String secret, String securityToken) {
    credentials.put(accessKeyId, new Credential(secret, securityToken));
  }

  /** @param headers lower-cased names, first values */
  void authenticate(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
    AcsSignature.Authorization authorization = AcsSignature.Authorization.parse(headers.get("authorization"));
    if (authorization == null) {
      throw new EcsApiException(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
    }
    Credential credential = credentials.get(authorization.accessKeyId());
    if (credential == null) {
      throw new EcsApiException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    requireEverySignableHeaderSigned(headers, authorization.signedHeaders());
    String payloadHash = AcsSignature.sha256Hex(body);
    if (!payloadHash.equals(headers.get("x-acs-content-sha256"))) {
      throw new EcsApiException(400, "SignatureDoesNotMatch", "x-acs-content-sha256 does not match the request body.");
    }
    String expected = AcsSignature.signature(credential.secret(), AcsSignature.canonicalRequest(
        method, path, query, headers, authorization.signedHeaders(), payloadHash));
    if (!AcsSignature.sameSignature(expected, authorization.signature())) {
      throw new EcsApiException(400, "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided.");
    }
    // STS: the token travels signed in x-acs-security-token and must be the one issued with the key.
    if (credential.securityToken() != null && !credential.securityToken().equals(headers.get("x-acs-security-token"))) {
      throw new EcsApiException(400, "InvalidSecurityToken.Malformed", "The security token is missing or not the one issued.");
    }
    requireFreshDate(headers.get("x-acs-date"));
    requireUnusedNonce(headers.get("x-acs-signature-nonce"));
  }

  /** host and every x-acs-* header must be signed, or a proxy could change them unnoticed. */
  private static void requireEverySignableHeaderSigned(Map<String, String> headers, String signedHeaders) {
    TreeSet<String> mustSign = new TreeSet<>();
    for (String name : headers.keySet()) {
      if (name.startsWith("x-acs-") || name.equals("host") || name.equals("content-type")) {
        mustSign.add(name);
      }
    }
    for (String required : new String[] {"host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}) {
      if (!mustSign.contains(required)) {
        throw new EcsApiException(400, "IncompleteSignature", "The request lacks the header " + required + ".");
      }
    }
    if (!String.join(";", mustSign).equals(signedHeaders)) {
      throw new EcsApiException(400, "IncompleteSignature",
          "SignedHeaders must be exactly " + String.join(";", mustSign) + ", not " + signedHeaders + ".");
    }
  }

  private void requireFreshDate(String date) {
    Instant sent;
    try {
      sent = Instant.parse(date);
    } catch (DateTimeParseException e) {
      throw new EcsApiException(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
    }
    if (Duration.between(sent, clock.instant()).abs().compareTo(WINDOW) > 0) {
      throw new EcsApiException(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    }
  }

  private void requireUnusedNonce(String nonce) {
    Instant now = clock.instant();
    seenNonces.values().removeIf(seen -> seen.isBefore(now.minus(WINDOW)));
    if (seenNonces.putIfAbsent(nonce, now) != null) {
      throw new EcsApiException(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }
  }
}
