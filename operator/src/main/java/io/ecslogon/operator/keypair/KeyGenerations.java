package io.ecslogon.operator.keypair;

import io.ecslogon.operator.keypair.material.GeneratedKey;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.keypair.material.SshKeyType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Key generation off the reconcile threads: RSA-4096 can take seconds, and a reconcile thread
 * waiting on it would hold up every other object. A reconcile asks for a key under a request id
 * (the KeyPair's uid and the key it replaces) and gets it on a later visit, when it is ready; the
 * same request is never generated twice. The operator reschedules in the meantime.
 */
public class KeyGenerations implements AutoCloseable {
  private final SshKeyGenerator generator;
  private final ExecutorService executor;
  private final Map<String, CompletableFuture<GeneratedKey>> pending = new ConcurrentHashMap<>();

  public KeyGenerations(SshKeyGenerator generator, ExecutorService executor) {
    this.generator = generator;
    this.executor = executor;
  }

  /** The key for this request if generated; otherwise starts (once) and returns empty. */
  Optional<GeneratedKey> poll(String requestId, SshKeyType type, int bits, String comment, char[] passphrase) {
    CompletableFuture<GeneratedKey> future = pending.computeIfAbsent(requestId, id -> CompletableFuture.supplyAsync(
        () -> generator.generate(type, bits, comment, passphrase), executor));
    if (!future.isDone()) {
      return Optional.empty();
    }
    return Optional.of(future.join());
  }

  /** Forget a request once its key is stored (or no longer wanted). */
  void done(String requestId) {
    pending.remove(requestId);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
