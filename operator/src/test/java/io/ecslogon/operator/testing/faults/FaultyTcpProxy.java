package io.ecslogon.operator.testing.faults;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that a test tells to misbehave: reset every connection, hold bytes back,
 * cut replies short, or stop listening like an upstream that restarts. Every fault can be switched
 * on and off at any time from any thread; {@link #pass()} clears them all.
 *
 * <pre>{@code
 * try (FaultyTcpProxy proxy = FaultyTcpProxy.start("127.0.0.1", apiServerPort)) {
 *   // point the client at proxy.port(), then
 *   proxy.down(); ... proxy.up();
 * }
 * }</pre>
 */
public final class FaultyTcpProxy implements AutoCloseable {
  private static final InetAddress LOOPBACK = loopback();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final String targetHost;
  private volatile int targetPort;
  private final Stall stall = new Stall();
  private final TrackedThreads threads = new TrackedThreads();
  private final Set<ProxiedConnection> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final Map<ConnectionCut, AtomicLong> cuts = new EnumMap<>(ConnectionCut.class);
  private final AtomicLong connectionNumbers = new AtomicLong();
  /** Held across up, down and close, which wait for the accepting thread; never taken by it. */
  private final Object lifecycle = new Object();

  // guarded by this
  private int port;
  private ServerSocket listener;
  private Thread acceptor;
  private Long nextConnectionTruncation;
  private boolean closed;

  private FaultyTcpProxy(int port, String targetHost, int targetPort) {
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    for (ConnectionCut fault : ConnectionCut.values()) {
      cuts.put(fault, new AtomicLong());
    }
  }

  /** A proxy on a free port of 127.0.0.1 to {@code targetHost:targetPort}, passing everything. */
  public static FaultyTcpProxy start(String targetHost, int targetPort) {
    return start(0, targetHost, targetPort);
  }

  /** As {@link #start(String, int)}, listening on {@code listenPort} (0: any free port). */
  public static FaultyTcpProxy start(int listenPort, String targetHost, int targetPort) {
    FaultyTcpProxy proxy = new FaultyTcpProxy(listenPort, targetHost, targetPort);
    proxy.up();
    return proxy;
  }

  /** The port clients connect to; the same after {@link #down()} and {@link #up()}. */
  public synchronized int port() {
    return port;
  }

  /** Connections accepted from now on go to {@code newTargetPort}; open ones stay where they are. */
  public void retarget(int newTargetPort) {
    targetPort = newTargetPort;
  }

  /** Resets every open connection now, client and upstream side; new connections are still accepted. */
  public void dropAll() {
    cutAll(ConnectionCut.DROPPED);
  }

  /**
   * No byte moves in either direction, on open connections and on those accepted meanwhile, until
   * {@code duration} has passed from now; then everything held back is delivered. Replaces a stall
   * in force.
   */
  public void stallFor(Duration duration) {
    stall.stallFor(duration);
  }

  /**
   * Each open connection, and the next one accepted, passes at most {@code bytes} more bytes from
   * upstream to the client, then both its sides are closed (FIN), as a reply cut mid-stream. Bytes
   * a connection was already writing when this was called are not counted.
   */
  public synchronized void truncateAfter(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot truncate after a negative byte count: " + bytes);
    }
    nextConnectionTruncation = bytes;
    open.forEach(connection -> connection.truncateAfter(bytes));
  }

  /**
   * Stops listening and resets every open connection, as an upstream that restarts: a client's
   * connect is refused until {@link #up()}. Closing the listening socket, rather than accepting and
   * resetting, is what a restart looks like: clients see "connection refused" and take their
   * refused-connection path, not the reset-after-connect one.
   */
  public void down() {
    synchronized (lifecycle) {
      stopListening();
      cutAll(ConnectionCut.DOWN);
    }
  }

  /**
   * Listens again on the same port after {@link #down()}; does nothing if listening.
   *
   * @throws UncheckedIOException if another socket took the port meanwhile
   */
  public void up() {
    synchronized (lifecycle) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("proxy on port " + port + " is closed");
        }
        if (listener == null) {
          listen();
        }
      }
    }
  }

  /** Clears every fault: no stall, no truncation, listening. */
  public void pass() {
    stall.clear();
    synchronized (this) {
      nextConnectionTruncation = null;
      open.forEach(ProxiedConnection::lift);
    }
    up();
  }

  /** Connections accepted since start, including those cut by faults. */
  public long accepted() {
    return accepted.get();
  }

  /** How many connections each fault cut, every fault present. */
  public Map<ConnectionCut, Long> cuts() {
    Map<ConnectionCut, Long> counts = new EnumMap<>(ConnectionCut.class);
    cuts.forEach((fault, count) -> counts.put(fault, count.get()));
    return Collections.unmodifiableMap(counts);
  }

  /** Connections whose pumps still run. */
  public int openConnections() {
    return open.size();
  }

  /** Threads of this proxy still running: the accepting one, and two per open connection. */
  public int liveThreads() {
    return threads.count();
  }

  /** Stops listening, resets every connection and waits for every thread of the proxy to end. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      stopListening();
      open.forEach(ProxiedConnection::abort);
      try {
        List<Thread> stuck = threads.joinAll(CLOSE_TIMEOUT);
        if (!stuck.isEmpty()) {
          throw new IllegalStateException("proxy threads still running after " + CLOSE_TIMEOUT + ": " + stuck);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void listen() {
    try {
      ServerSocket socket = new ServerSocket();
      // Rebinding the port after down() must not wait for connections in TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(LOOPBACK, port));
      port = socket.getLocalPort();
      listener = socket;
      acceptor = threads.start("faulty-proxy-" + port + "-accept", () -> acceptUntilClosed(socket));
    } catch (IOException e) {
      throw new UncheckedIOException("proxy cannot listen on 127.0.0.1:" + port, e);
    }
  }

  /** Closes the listening socket and waits for the accepting thread, so no connection registers after. */
  private void stopListening() {
    Thread accepting;
    synchronized (this) {
      if (listener == null) {
        return;
      }
      closeQuietly(listener);
      listener = null;
      accepting = acceptor;
      acceptor = null;
    }
    try {
      accepting.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptUntilClosed(ServerSocket socket) {
    while (true) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // the listening socket was closed by down() or close()
      }
      accepted.incrementAndGet();
      forward(client);
    }
  }

  private void forward(Socket client) {
    Socket upstream = new Socket();
    try {
      client.setTcpNoDelay(true); // small messages (an SSH banner) must not wait for Nagle
      upstream.setTcpNoDelay(true);
      upstream.connect(new InetSocketAddress(targetHost, targetPort), (int) CONNECT_TIMEOUT.toMillis());
    } catch (IOException e) {
      // Upstream unreachable: the client learns it the closest way a proxy can, by a reset.
      resetQuietly(client);
      closeQuietly(upstream);
      return;
    }
    ProxiedConnection connection = new ProxiedConnection(client, upstream, stall, this::countCut, open::remove);
    String name;
    synchronized (this) {
      open.add(connection);
      if (nextConnectionTruncation != null) {
        connection.truncateAfter(nextConnectionTruncation); // before any byte can pass
        nextConnectionTruncation = null;
      }
      name = "faulty-proxy-" + port + "-" + connectionNumbers.incrementAndGet();
    }
    connection.start(threads, name);
  }

  private void cutAll(ConnectionCut fault) {
    open.forEach(connection -> connection.cut(fault));
  }

  private void countCut(ConnectionCut fault) {
    cuts.get(fault).incrementAndGet();
  }

  private static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // closing is all that is left to do
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // unusable either way
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "faulty proxy 127.0.0.1:" + port() + " -> " + targetHost + ":" + targetPort;
  }
}
