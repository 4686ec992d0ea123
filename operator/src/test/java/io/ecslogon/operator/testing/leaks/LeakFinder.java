package io.ecslogon.operator.testing.leaks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Searches texts for secrets in three forms: the exact value, its Base64, and any
 * {@value #WINDOW}-character substring (for a private key, only substrings of its private bytes:
 * {@link PrivateKeyWindows}). The windows of every secret go into one map, so each place is slid
 * over once, as it is and again with whitespace and JSON line-break escapes removed (a key written
 * with its line breaks, or escaped inside JSON, is still found).
 */
final class LeakFinder {
  static final int WINDOW = 12;

  private final Map<String, SecretValue> exact = new LinkedHashMap<>();
  private final Map<String, SecretValue> base64 = new LinkedHashMap<>();
  private final Map<String, SecretValue> windows = new HashMap<>();

  LeakFinder(Collection<SecretValue> secrets) {
    for (SecretValue secret : secrets) {
      String value = secret.value();
      if (value.isEmpty()) {
        continue;
      }
      exact.putIfAbsent(value, secret);
      base64.putIfAbsent(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), secret);
      Set<String> parts = PrivateKeyWindows.isPrivateKey(value) ? PrivateKeyWindows.of(value, WINDOW) : windowsOf(value);
      parts.forEach(window -> windows.putIfAbsent(window, secret));
    }
  }

  /** At most one hit per secret and place, in the plainest form found. */
  List<Hit> search(Place place) {
    Map<SecretValue, Hit> hits = new LinkedHashMap<>();
    String text = place.text();
    exact.forEach((needle, secret) -> {
      if (text.contains(needle)) {
        hits.putIfAbsent(secret, new Hit(secret, place.name(), "exact value"));
      }
    });
    base64.forEach((needle, secret) -> {
      if (text.contains(needle)) {
        hits.putIfAbsent(secret, new Hit(secret, place.name(), "Base64"));
      }
    });
    for (String variant : List.of(text, compact(text))) {
      for (int i = 0; i + WINDOW <= variant.length(); i++) {
        SecretValue secret = windows.get(variant.substring(i, i + WINDOW));
        if (secret != null) {
          hits.putIfAbsent(secret, new Hit(secret, place.name(), WINDOW + "-character substring at " + i));
        }
      }
    }
    return new ArrayList<>(hits.values());
  }

  private static Set<String> windowsOf(String value) {
    Set<String> windows = new LinkedHashSet<>();
    for (int i = 0; i + WINDOW <= value.length(); i++) {
      windows.add(value.substring(i, i + WINDOW));
    }
    return windows;
  }

  private static String compact(String text) {
    return text.replace("\\n", "").replace("\\r", "").replaceAll("\\s", "");
  }
}
