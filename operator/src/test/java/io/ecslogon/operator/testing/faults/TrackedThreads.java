package io.ecslogon.operator.testing.faults;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads a proxy started and that still run, so that closing it can wait for every one and a
 * test can see that none leaked.
 */
final class TrackedThreads {
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();

  /**
   * Platform threads: the build compiles for Java 17 (maven.compiler.release), where virtual threads
   * do not exist; a test proxy carries few enough connections for platform threads.
   */
  Thread start(String name, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } finally {
        live.remove(Thread.currentThread());
      }
    }, name);
    thread.setDaemon(true);
    live.add(thread); // before start: a body that ends at once must find itself to remove
    thread.start();
    return thread;
  }

  int count() {
    return live.size();
  }

  /** Waits for every thread to end, up to {@code timeout} in all; returns those still alive. */
  List<Thread> joinAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : List.copyOf(live)) {
      long left = deadline - System.nanoTime();
      if (left > 0 && thread != Thread.currentThread()) {
        thread.join(Math.max(1, left / 1_000_000));
      }
    }
    return live.stream().filter(Thread::isAlive).toList();
  }
}
