package io.ecslogon.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * How the operator knows a generated Secret is its own when it could not record the Secret's uid:
 * a crash, a lost leadership or a refused status write between creating the Secret and storing
 * its uid. Before creating the Secret, the operator stores in status the SHA-256 of a random
 * token; the token itself goes only into the Secret ({@value #ANNOTATION}). A Secret whose token
 * hashes to the recorded digest was created by the operator after it stored the digest.
 *
 * <p>Why a digest, not the token: status is readable by anyone who may read the resource, which is
 * less than reading Secrets. Someone who may create Secrets but not read the operator's could copy
 * a token from status into a Secret of their own (with the password they chose) in the moment
 * before the operator creates its own; they cannot make a token that hashes to the digest. Whoever
 * can read the operator's Secret to copy its token can read its password too, so the claim gives
 * them nothing more.
 */
public final class SecretClaim {
  public static final String ANNOTATION = "ecslogon.io/claim";
  /** The field manager of the digest's write to status, made at once and apart from the rest of it. */
  public static final String FIELD_MANAGER = "ecs-logon-operator-secret-claim";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "sha256:";

  private final String token;

  private SecretClaim(String token) {
    this.token = token;
  }

  /** A new claim: 256 random bits. */
  public static SecretClaim generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new SecretClaim(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** What status records before the Secret is created: {@code sha256:} and the token's digest in hex. */
  public String digest() {
    return digestOf(token);
  }

  /** The annotation that carries the token on the Secret. */
  public Map<String, String> annotation() {
    return Map.of(ANNOTATION, token);
  }

  /** Whether this Secret carries the token whose digest was recorded (compared in constant time). */
  public static boolean proves(Secret secret, String recordedDigest) {
    if (recordedDigest == null || secret.getMetadata().getAnnotations() == null) {
      return false;
    }
    String token = secret.getMetadata().getAnnotations().get(ANNOTATION);
    return token != null && MessageDigest.isEqual(digestOf(token).getBytes(StandardCharsets.UTF_8),
        recordedDigest.getBytes(StandardCharsets.UTF_8));
  }

  private static String digestOf(String token) {
    try {
      return PREFIX + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SecretClaim[" + digest() + "]";
  }
}
