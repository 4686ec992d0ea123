package io.ecslogon.operator.host;

import org.slf4j.MDC;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One SSH connection per instance, reused across reconciles, and one piece of work at a time on
 * each host (work on different hosts runs in parallel). The lock belongs to the host (address and
 * port), not to the EcsInstance: two EcsInstances that name the same host share one lock, so
 * their work never interleaves on it (staging files, sshd reloads, the inventory). A connection is opened again when
 * it broke, when the instance's target (address, credentials, trusted host key) changed, or after
 * it sat unused for longer than the idle timeout.
 */
public class HostConnectionPool implements AutoCloseable {
  public static final String INSTANCE_MDC_KEY = "ecslogon.instance";

  private final SshConnector connector;
  private final Clock clock;
  private final Duration idleTimeout;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> hostLocks = new ConcurrentHashMap<>();

  public HostConnectionPool(SshConnector connector, Clock clock, Duration idleTimeout) {
    this.connector = connector;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Runs {@code work} with a connection to the instance known as {@code instanceKey}, holding that
   * instance's lock. Work must be idempotent: if a reused connection turns out to be dead, the
   * work runs again once on a fresh connection.
   */
  /** See {@link SshConnector#admit}. */
  public void admit(String host, int port) {
    connector.admit(host, port);
  }

  public <T> T withConnection(String instanceKey, SshTarget target, Function<SshConnection, T> work) {
    closeIdle();
    ReentrantLock host = hostLocks.computeIfAbsent(target.endpoint(), endpoint -> new ReentrantLock());
    host.lock();
    Slot slot = slots.computeIfAbsent(instanceKey, key -> new Slot());
    slot.lock.lock();
    // Every log line written while working on the instance says which one (text and JSON logs).
    MDC.put(INSTANCE_MDC_KEY, instanceKey);
    try {
      boolean reused = slot.isUsableFor(target);
      if (!reused) {
        slot.replace(connector.connect(target), target);
      }
      slot.lastUsed = clock.instant();
      try {
        return work.apply(slot.connection);
      } catch (HostUnreachableException e) {
        slot.replace(null, null);
        if (!reused) {
          throw e;
        }
        slot.replace(connector.connect(target), target);
        return work.apply(slot.connection);
      }
    } finally {
      MDC.remove(INSTANCE_MDC_KEY);
      slot.lock.unlock();
      host.unlock();
    }
  }

  /** Closes the instance's connection, for example when the instance is deleted. */
  public void forget(String instanceKey) {
    Slot slot = slots.remove(instanceKey);
    if (slot != null) {
      slot.lock.lock();
      try {
        slot.replace(null, null);
      } finally {
        slot.lock.unlock();
      }
    }
  }

  /** Whether work is running on the host at {@code endpoint} (address:port) right now. */
  public boolean busy(String endpoint) {
    ReentrantLock host = hostLocks.get(endpoint);
    return host != null && host.isLocked();
  }

  public int openConnections() {
    return (int) slots.values().stream().filter(slot -> slot.connection != null).count();
  }

  private void closeIdle() {
    Instant cutoff = clock.instant().minus(idleTimeout);
    slots.forEach((key, slot) -> {
      if (slot.lastUsed != null && slot.lastUsed.isBefore(cutoff) && slot.lock.tryLock()) {
        try {
          slots.remove(key, slot);
          slot.replace(null, null);
        } finally {
          slot.lock.unlock();
        }
      }
    });
  }

  @Override
  public void close() {
    slots.keySet().forEach(this::forget);
  }

  private static final class Slot {
    private final ReentrantLock lock = new ReentrantLock();
    private SshConnection connection;
    private SshTarget target;
    private Instant lastUsed;

    boolean isUsableFor(SshTarget wanted) {
      return connection != null && connection.isOpen() && wanted.equals(target);
    }

    void replace(SshConnection next, SshTarget nextTarget) {
      if (connection != null) {
        connection.close();
      }
      connection = next;
      target = nextTarget;
    }
  }
}
