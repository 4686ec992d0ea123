package io.ecslogon.operator.testing.faults;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A client socket, the upstream socket opened for it, and the two pumps between them. */
final class ProxiedConnection {
  private final Socket client;
  private final Socket upstream;
  private final Stall stall;
  private final ByteBudget toClient = new ByteBudget();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger runningPumps = new AtomicInteger(2);
  private final Consumer<ConnectionCut> countCut;
  private final Consumer<ProxiedConnection> onFinished;

  ProxiedConnection(Socket client, Socket upstream, Stall stall, Consumer<ConnectionCut> countCut,
      Consumer<ProxiedConnection> onFinished) {
    this.client = client;
    this.upstream = upstream;
    this.stall = stall;
    this.countCut = countCut;
    this.onFinished = onFinished;
  }

  void start(TrackedThreads threads, String name) {
    threads.start(name + "-to-upstream", new Pump(client, upstream, new ByteBudget(), stall, this));
    threads.start(name + "-to-client", new Pump(upstream, client, toClient, stall, this));
  }

  boolean isOpen() {
    return !closed.get();
  }

  /** At most {@code bytes} more bytes reach the client; then both sides are closed. */
  void truncateAfter(long bytes) {
    toClient.limitTo(bytes);
    if (toClient.exhausted()) {
      cut(ConnectionCut.TRUNCATED); // nothing more may pass, so there is nothing to wait for
    }
  }

  void lift() {
    toClient.lift();
  }

  /**
   * Ends the connection because of {@code fault}, counted if this call is what ended it. A
   * truncated reply ends with FIN, as when an upstream process dies mid-reply; the other faults reset.
   */
  void cut(ConnectionCut fault) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    countCut.accept(fault);
    if (fault == ConnectionCut.TRUNCATED) {
      closeGracefully(client);
      closeGracefully(upstream);
    } else {
      reset(client);
      reset(upstream);
    }
    stall.wakeAll();
  }

  /** Resets both sides without counting a fault: an error on one side, or the proxy closing. */
  void abort() {
    if (closed.compareAndSet(false, true)) {
      reset(client);
      reset(upstream);
      stall.wakeAll();
    }
  }

  void pumpFinished() {
    if (runningPumps.decrementAndGet() == 0) {
      if (closed.compareAndSet(false, true)) {
        closeGracefully(client); // both directions ended with FIN: nothing left to say
        closeGracefully(upstream);
      }
      onFinished.accept(this);
    }
  }

  /** SO_LINGER 0 makes close() send RST instead of FIN: the peer's next read fails at once. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException alreadyClosed) {
      // closing below is all that is left to do
    }
    closeQuietly(socket);
  }

  private static void closeGracefully(Socket socket) {
    try {
      socket.shutdownOutput(); // FIN after what was written, even if close() must reset for unread input
    } catch (IOException alreadyShut) {
      // closing below is all that is left to do
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // the socket is unusable either way
    }
  }
}
