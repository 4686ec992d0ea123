package io.ecslogon.operator.keypair;

import io.ecslogon.operator.keypair.material.GeneratedKey;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.keypair.material.SshKeyType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Key generation off the reconcile threads: RSA-4096 can take seconds, and a reconcile thread
 * waiting on it would hold up every other object. A reconcile asks for a key under a request id
 * (the KeyPair's uid and the key it replaces) and gets it on a later visit, when it is ready; the
 * same request is never generated twice. The operator reschedules in the meantime.
 *
 * <p>Ed25519 and ECDSA keys take microseconds to milliseconds (a passphrase adds the bcrypt KDF),
 * so for those the reconcile waits briefly for the result: the key is stored in the same visit,
 * and the KeyPair goes straight to Ready instead of writing {@code Generating}, an Event and a
 * second status, and coming back half a second later. RSA never waits.
 */
public class KeyGenerations implements AutoCloseable {
  /** Far above an Ed25519/ECDSA key (with a passphrase) on a busy machine, far below a visit's budget. */
  static final Duration QUICK_KEY_WAIT = Duration.ofMillis(250);

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
    if (!future.isDone() && type != SshKeyType.RSA) {
      try {
        future.get(QUICK_KEY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Not ready yet, or failed: join() below reports a failure the same way as before.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    if (!future.isDone()) {
      return Optional.empty();
    }
    if (future.isCompletedExceptionally()) {
      // Forgotten, so that the retry after the error starts a new generation instead of
      // reporting the same failure forever.
      pending.remove(requestId, future);
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
