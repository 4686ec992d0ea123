package io.ecslogon.operator.logonuser;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which lock-out refusals have had their Warning, per instance and LogonUser, so each is told
 * once, not on every visit. The instance's status says it too, but a visit may start before the
 * cache holds the status the previous visit wrote; this in-memory record does not lag. After a
 * restart of the operator, the status is what remembers.
 */
final class RefusalsAnnounced {
  private final Map<String, String> announced = new ConcurrentHashMap<>();

  /** True the first time this refusal is seen for the LogonUser on the instance (and records it). */
  boolean firstTime(String instance, String logonUser, String refusal) {
    return !refusal.equals(announced.put(instance + "\t" + logonUser, refusal));
  }

  /** The LogonUser is no longer refused there: a later refusal is news again. */
  void forget(String instance, String logonUser) {
    announced.remove(instance + "\t" + logonUser);
  }
}
