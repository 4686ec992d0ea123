package io.ecslogon.operator.ecsinstance;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host key this operator process last saw at each address:port, and for which EcsInstance.
 * Deleting and re-creating an EcsInstance loses its recorded key with its status; this memory lets
 * the next first use say when the key changed meanwhile. It lives as long as the process (a person
 * who needs more pins spec.hostKeyFingerprint), and holds one short entry per address.
 */
final class SeenHostKeys {
  record Seen(String fingerprint, String instance) {}

  private final Map<String, Seen> byEndpoint = new ConcurrentHashMap<>();

  Optional<Seen> lastSeen(String endpoint) {
    return Optional.ofNullable(byEndpoint.get(endpoint));
  }

  void remember(String endpoint, String instance, String fingerprint) {
    if (fingerprint != null) {
      byEndpoint.put(endpoint, new Seen(fingerprint, instance));
    }
  }
}
