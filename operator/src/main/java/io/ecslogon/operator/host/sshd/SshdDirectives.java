package io.ecslogon.operator.host.sshd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * sshd settings the operator writes, keyword to value, in a stable order. Only the keywords and
 * values listed here can ever be written: whatever reached this class from the API is checked
 * again, so a CRD installed without its schema cannot put arbitrary text into sshd_config.
 */
public record SshdDirectives(Map<String, String> values) {
  public static final String PASSWORD_AUTHENTICATION = "PasswordAuthentication";
  public static final String PUBKEY_AUTHENTICATION = "PubkeyAuthentication";
  public static final String PERMIT_ROOT_LOGIN = "PermitRootLogin";

  private static final Map<String, Set<String>> ALLOWED = Map.of(
      PASSWORD_AUTHENTICATION, Set.of("yes", "no"),
      PUBKEY_AUTHENTICATION, Set.of("yes", "no"),
      PERMIT_ROOT_LOGIN, Set.of("yes", "no", "prohibit-password", "forced-commands-only"));
  private static final java.util.List<String> ORDER = java.util.List.of(
      PASSWORD_AUTHENTICATION, PUBKEY_AUTHENTICATION, PERMIT_ROOT_LOGIN);

  public SshdDirectives {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String keyword : ORDER) {
      String value = values.get(keyword);
      if (value != null) {
        if (!ALLOWED.get(keyword).contains(value)) {
          throw new IllegalArgumentException(keyword + " cannot be '" + value + "'; allowed: " + ALLOWED.get(keyword));
        }
        ordered.put(keyword, value);
      }
    }
    for (String keyword : values.keySet()) {
      if (!ALLOWED.containsKey(keyword)) {
        throw new IllegalArgumentException("the operator does not manage sshd keyword " + keyword);
      }
    }
    values = Collections.unmodifiableMap(ordered);
  }

  public static SshdDirectives none() {
    return new SshdDirectives(Map.of());
  }

  public static boolean isManaged(String keyword) {
    return canonical(keyword) != null;
  }

  /** The keyword as this class spells it, for any spelling sshd accepts (keywords are case-insensitive). */
  public static String canonical(String keyword) {
    return ORDER.stream().filter(known -> known.equalsIgnoreCase(keyword)).findFirst().orElse(null);
  }

  /** These directives with {@code declared} laid over them: declared values win, the rest stay. */
  public SshdDirectives overlaidWith(SshdDirectives declared) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(declared.values);
    return new SshdDirectives(merged);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * The value {@code sshd -T} prints for a setting written as {@code value}: sshd -T names
   * prohibit-password by its older alias.
   */
  public static String effectiveSpelling(String value) {
    return "prohibit-password".equals(value) ? "without-password" : value.toLowerCase(Locale.ROOT);
  }
}
