package io.ecslogon.operator.testing.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a client socket and an in-JVM echo server, one fault at a time. */
class FaultyTcpProxyTest {
  /** Long enough that a fault not applied shows as a timeout, short enough to keep the class fast. */
  private static final int READ_TIMEOUT_MILLIS = 3_000;

  private final Random random = new Random(20240601);
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
  private EchoUpstream upstream;
  private FaultyTcpProxy proxy;

  @BeforeEach
  void start() throws IOException {
    upstream = EchoUpstream.start();
    proxy = FaultyTcpProxy.start("127.0.0.1", upstream.port());
  }

  @AfterEach
  void stop() throws Exception {
    later.shutdownNow();
    proxy.close();
    upstream.close();
  }

  @Test
  void aMebibytePassesIntactBothWaysAndTheEndOfStreamToo() throws Exception {
    byte[] sent = randomBytes(1024 * 1024);
    try (Socket client = connect()) {
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeThenHalfClose(client, sent));

      byte[] echoed = client.getInputStream().readAllBytes(); // ends only if the half-close went through both ways

      writing.join();
      assertThat(echoed.length).isEqualTo(sent.length);
      assertThat(Arrays.mismatch(echoed, sent)).as("first differing byte").isEqualTo(-1);
    }
    assertThat(proxy.accepted()).isEqualTo(1);
    assertThat(proxy.cuts()).containsOnly(
        Map.entry(ConnectionCut.DROPPED, 0L),
        Map.entry(ConnectionCut.TRUNCATED, 0L),
        Map.entry(ConnectionCut.DOWN, 0L));
  }

  @Test
  void dropAllResetsABlockedReaderAtOnceAndTheUpstreamSideToo() throws Exception {
    Socket client = connect();
    roundTrip(client, randomBytes(100));
    later.schedule(proxy::dropAll, 200, TimeUnit.MILLISECONDS);

    long start = System.nanoTime();
    Ending ending = readToTheEnd(client);

    assertThat(ending.how()).isEqualTo("reset");
    assertThat(millisSince(start)).isBetween(150L, 1_000L);
    assertThat(proxy.cuts()).containsEntry(ConnectionCut.DROPPED, 1L);
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> upstream.openConnections() == 0);
    roundTrip(connect(), randomBytes(100)); // still accepting
  }

  @Test
  void aStallHoldsBytesOfOpenAndNewConnectionsForItsDurationThenDeliversThemAll() throws Exception {
    Socket before = connect();
    roundTrip(before, randomBytes(10));
    byte[] big = randomBytes(256 * 1024);
    byte[] small = randomBytes(10);

    long start = System.nanoTime();
    proxy.stallFor(Duration.ofSeconds(1));
    CompletableFuture<Long> openOne = CompletableFuture.supplyAsync(() -> {
      roundTrip(before, big);
      return millisSince(start);
    });
    CompletableFuture<Long> newOne = CompletableFuture.supplyAsync(() -> {
      roundTrip(connect(), small);
      return millisSince(start);
    });

    assertThat(openOne.join()).as("open connection done after ms").isBetween(1_000L, 2_000L);
    assertThat(newOne.join()).as("new connection done after ms").isBetween(1_000L, 2_000L);
    assertThat(proxy.cuts().values()).containsOnly(0L);
  }

  @Test
  void truncateAfterLetsExactlyThatManyMoreBytesReachTheClientThenEndsTheStream() throws Exception {
    Socket open = connect();
    roundTrip(open, randomBytes(100));

    proxy.truncateAfter(1000);
    byte[] request = randomBytes(5000);
    open.getOutputStream().write(request);
    Ending ending = readToTheEnd(open);

    assertThat(ending.bytes()).isEqualTo(Arrays.copyOf(request, 1000));
    assertThat(ending.how()).isIn("EOF", "reset");
    assertThat(proxy.cuts()).containsEntry(ConnectionCut.TRUNCATED, 1L);
  }

  @Test
  void truncateAfterAlsoCutsTheNextConnectionButNotTheOneAfter() throws Exception {
    proxy.truncateAfter(1000);

    Socket next = connect();
    next.getOutputStream().write(randomBytes(5000));
    assertThat(readToTheEnd(next).bytes()).hasSize(1000);
    roundTrip(connect(), randomBytes(5000));
    assertThat(proxy.cuts()).containsEntry(ConnectionCut.TRUNCATED, 1L);
  }

  @Test
  void downRefusesNewConnectionsAndResetsOpenOnesUntilUp() throws Exception {
    Socket open = connect();
    roundTrip(open, randomBytes(100));
    int port = proxy.port();

    proxy.down();

    assertThat(readToTheEnd(open).how()).isEqualTo("reset");
    assertThatThrownBy(this::connect).hasCauseInstanceOf(ConnectException.class);
    assertThat(proxy.cuts()).containsEntry(ConnectionCut.DOWN, 1L);

    proxy.up();

    assertThat(proxy.port()).isEqualTo(port);
    roundTrip(connect(), randomBytes(100));
    assertThat(proxy.accepted()).isEqualTo(2);
  }

  @Test
  void retargetSendsNewConnectionsElsewhereAndLeavesOpenOnesWhereTheyAre() throws Exception {
    try (EchoUpstream restarted = EchoUpstream.start()) {
      Socket before = connect();
      roundTrip(before, randomBytes(10));

      proxy.retarget(restarted.port());

      roundTrip(connect(), randomBytes(10));
      roundTrip(before, randomBytes(10));
      assertThat(upstream.accepted()).isEqualTo(1);
      assertThat(restarted.accepted()).isEqualTo(1);
    }
  }

  @Test
  void passClearsEveryFaultAtOnce() throws Exception {
    Socket open = connect();
    roundTrip(open, randomBytes(10));
    proxy.truncateAfter(10);
    proxy.stallFor(Duration.ofMinutes(1));
    proxy.down();

    proxy.pass();

    long start = System.nanoTime();
    roundTrip(connect(), randomBytes(5000));
    assertThat(millisSince(start)).isLessThan(1_000L);
  }

  @Test
  void manyConnectionsLeaveNoThreadBehindAndCloseJoinsTheRest() throws Exception {
    for (int i = 0; i < 200; i++) {
      try (Socket client = connect()) {
        roundTrip(client, randomBytes(100));
      }
    }
    Awaitility.await().atMost(Duration.ofSeconds(3))
        .until(() -> proxy.openConnections() == 0 && proxy.liveThreads() == 1); // the accepting thread
    List<Socket> stillOpen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stillOpen.add(connect());
      roundTrip(stillOpen.get(i), randomBytes(10));
    }
    String prefix = "faulty-proxy-" + proxy.port() + "-";

    proxy.close();

    assertThat(proxy.accepted()).isEqualTo(205);
    assertThat(proxy.liveThreads()).isZero();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().startsWith(prefix));
    assertThat(readToTheEnd(stillOpen.get(0)).how()).isEqualTo("reset");
  }

  /** Throws ConnectException (an IOException, unchecked here) when the proxy is down. */
  private Socket connect() {
    try {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code payload} and requires it back whole; the echo server sits behind the proxy. */
  private static void roundTrip(Socket client, byte[] payload) {
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write(client, payload));
    byte[] echoed;
    try {
      echoed = client.getInputStream().readNBytes(payload.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writing.join();
    assertThat(echoed.length).as("bytes echoed").isEqualTo(payload.length);
    assertThat(Arrays.mismatch(echoed, payload)).as("first differing byte").isEqualTo(-1);
  }

  /** What a client got until the stream ended, and how it ended: "EOF", "reset" or "timeout". */
  private record Ending(byte[] bytes, String how) {}

  private static Ending readToTheEnd(Socket client) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      InputStream in = client.getInputStream();
      for (int read; (read = in.read(chunk)) >= 0; ) {
        got.write(chunk, 0, read);
      }
      return new Ending(got.toByteArray(), "EOF");
    } catch (SocketTimeoutException e) {
      return new Ending(got.toByteArray(), "timeout");
    } catch (IOException e) {
      return new Ending(got.toByteArray(), "reset");
    }
  }

  private static void write(Socket client, byte[] bytes) {
    try {
      client.getOutputStream().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeThenHalfClose(Socket client, byte[] bytes) {
    write(client, bytes);
    try {
      client.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
