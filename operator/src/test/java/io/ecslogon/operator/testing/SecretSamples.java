package io.ecslogon.operator.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Text of Secrets as tests search for it in logs, Events, status and what a cloud API was sent. */
public final class SecretSamples {
  private SecretSamples() {}

  /** A Secret's data value (Base64) as text. */
  public static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /**
   * 40 characters from the middle of a PEM or OpenSSH private key's body: only the key itself has
   * them, unlike its armour lines or the start of its encoding, which every key of a type shares.
   */
  public static String privateKeyBody(String privateKey) {
    String base64 = privateKey.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return base64.substring(base64.length() / 2 - 20, base64.length() / 2 + 20);
  }
}
