package io.ecslogon.operator.compliance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One key in an authorized_keys file as sshd reads it: options (which may hold quoted spaces)
 * first, then the key type, the base64 blob and a comment. Only what a finding may show is kept:
 * the SHA256 fingerprint, the type and a printable comment, never the key itself.
 */
record AuthorizedKeyLine(String type, String fingerprint, String comment) {
  private static final Pattern KEY_TYPE = Pattern.compile(
      "ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com"
          + "|[a-z0-9-]+-cert-v01@openssh\\.com");
  private static final int MAX_COMMENT = 64;

  /** The keys in a file's content; lines that hold none (comments, blanks, garbage) are skipped. */
  static List<AuthorizedKeyLine> parseAll(String content) {
    List<AuthorizedKeyLine> keys = new ArrayList<>();
    for (String line : content.split("\n")) {
      parse(line).ifPresent(keys::add);
    }
    return keys;
  }

  static Optional<AuthorizedKeyLine> parse(String line) {
    String stripped = line.strip();
    if (stripped.isEmpty() || stripped.startsWith("#")) {
      return Optional.empty();
    }
    List<String> tokens = tokens(stripped);
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (KEY_TYPE.matcher(tokens.get(i)).matches()) {
        Optional<String> fingerprint = sha256(tokens.get(i + 1));
        if (fingerprint.isPresent()) {
          String comment = String.join(" ", tokens.subList(i + 2, tokens.size()));
          return Optional.of(new AuthorizedKeyLine(tokens.get(i), fingerprint.get(), printable(comment)));
        }
      }
    }
    return Optional.empty();
  }

  /** Splits on blanks outside double quotes, as sshd does for the options field. */
  private static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
        quoted = !quoted;
        current.append(c);
      } else if ((c == ' ' || c == '\t') && !quoted) {
        if (!current.isEmpty()) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static Optional<String> sha256(String base64) {
    try {
      byte[] blob = Base64.getDecoder().decode(base64);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return Optional.of("SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** A comment fit for status and Events: printable ASCII only, and short. */
  private static String printable(String comment) {
    StringBuilder kept = new StringBuilder();
    for (byte b : comment.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 0x20 && b < 0x7f) {
        kept.append((char) b);
      }
    }
    String text = kept.toString().strip();
    return text.length() > MAX_COMMENT ? text.substring(0, MAX_COMMENT) + "..." : text;
  }
}
