package io.ecslogon.operator.testing.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An upstream for proxy tests: sends back every byte it reads, and half-closes when the client does. */
final class EchoUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final TrackedThreads threads = new TrackedThreads();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();

  private EchoUpstream(ServerSocket server) {
    this.server = server;
  }

  static EchoUpstream start() throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    EchoUpstream upstream = new EchoUpstream(server);
    upstream.threads.start("echo-" + server.getLocalPort() + "-accept", upstream::acceptUntilClosed);
    return upstream;
  }

  int port() {
    return server.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  /** Connections the upstream has not seen end yet: a proxy that cut one must have closed this side too. */
  int openConnections() {
    return open.size();
  }

  private void acceptUntilClosed() {
    while (true) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        open.add(socket);
        threads.start("echo-" + port() + "-" + accepted.get(), () -> echo(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void echo(Socket socket) {
    try (socket) {
      socket.getInputStream().transferTo(socket.getOutputStream());
      socket.shutdownOutput();
    } catch (IOException e) {
      // reset by the proxy: that is what several tests do
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    threads.joinAll(Duration.ofSeconds(5));
  }
}
