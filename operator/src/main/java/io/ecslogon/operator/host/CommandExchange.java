package io.ecslogon.operator.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One running command's traffic, under its {@link CommandLimits}: stdin is fed, stdout drained and
 * stderr drained each on a stream thread of its own, so a command that fills one stream's window
 * while we wait on another (or writes before it reads) cannot deadlock; each output stream is read
 * into a {@link BoundedOutput}; and the calling thread waits for them against one deadline, instead
 * of reading to the end first and timing afterwards. sshj's channel streams block without a
 * timeout, so giving up means closing the connection ({@code abandon}): that wakes every blocked
 * reader with an error.
 */
final class CommandExchange {
  private static final long WINDOW_POLL_MILLIS = 5;

  private final Command command;
  private final String endpoint;
  private final CommandLimits limits;
  private final Runnable abandon;
  /** The first stream that overflowed ("stdout" or "stderr"), or null. */
  private final AtomicReference<String> overflowed = new AtomicReference<>();

  CommandExchange(Command command, String endpoint, CommandLimits limits, Runnable abandon) {
    this.command = command;
    this.endpoint = endpoint;
    this.limits = limits;
    this.abandon = abandon;
  }

  /**
   * The command's result once it ended within the limits.
   *
   * @throws CommandTimedOutException the deadline passed first (the connection is closed)
   * @throws OutputTooLargeException a stream overflowed its limit (the connection is closed)
   * @throws IOException the connection failed for another reason
   */
  CommandResult exchange(Session.Command running, ExecutorService streams) throws IOException {
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    // Without input, closing stdin only sends EOF; with input, the writer may wait for window
    // space (a command that reads its input late), so it gets a thread of its own.
    Future<?> in = command.stdin() == null
        ? CompletableFuture.runAsync(() -> feed(running, null), Runnable::run)
        : streams.submit(() -> feed(running, command.stdin()));
    Future<BoundedOutput> out = streams.submit(() -> drain(running.getInputStream(), "stdout"));
    Future<BoundedOutput> err = streams.submit(() -> drain(running.getErrorStream(), "stderr"));
    List<Future<?>> all = List.of(in, out, err);
    try {
      BoundedOutput stdout = out.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      BoundedOutput stderr = err.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      refuseOverflow();
      Integer exit = awaitExit(running, deadline, all);
      return new CommandResult(exit == null ? -1 : exit, text(stdout), text(stderr));
    } catch (TimeoutException e) {
      throw timedOut(all);
    } catch (ExecutionException e) {
      // A stream that overflowed closed the connection, which fails the other one: say why.
      refuseOverflow();
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(all);
      throw new HostException("interrupted while '" + command + "' ran on " + endpoint + "; the connection was closed");
    } finally {
      // A writer still waiting for window space after the command ended is woken here.
      all.forEach(task -> task.cancel(true));
    }
  }

  /** Leaves no stream thread behind (the stdin writer may be waiting for window space) and closes the connection. */
  private void stop(List<Future<?>> tasks) {
    tasks.forEach(task -> task.cancel(true));
    abandon.run();
  }

  /**
   * Writes stdin no faster than the remote window allows, then closes it (EOF). sshj's own write
   * waits for window space while holding the channel's output stream, and sshj's reader thread
   * needs that stream to process the command's end (a command that exits without reading its
   * input): they would deadlock until sshj's timeout. So a write never exceeds the window, and a
   * closed window is waited out here, a few milliseconds at a time, until the channel closes. A
   * failed write is not an error of its own: the exit status and output say what happened.
   */
  private static void feed(Session.Command running, byte[] input) {
    try (OutputStream stdin = running.getOutputStream()) {
      int sent = 0;
      while (input != null && sent < input.length && running.isOpen()) {
        long window = running.getRemoteWinSize();
        if (window <= 0) {
          Thread.sleep(WINDOW_POLL_MILLIS);
          continue;
        }
        int chunk = (int) Math.min(window, input.length - sent);
        stdin.write(input, sent, chunk);
        stdin.flush();
        sent += chunk;
      }
    } catch (IOException e) {
      // Reported through the exit status, or through the connection failing the reads as well.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private BoundedOutput drain(InputStream stream, String name) throws IOException {
    BoundedOutput read = BoundedOutput.read(stream, limits.maxOutputBytes());
    if (read.overflowed()) {
      overflowed.compareAndSet(null, name);
      // The command is still writing: stop it rather than leave its channel half read.
      abandon.run();
    }
    return read;
  }

  private void refuseOverflow() {
    String stream = overflowed.get();
    if (stream != null) {
      throw new OutputTooLargeException(command, endpoint, stream, limits.maxOutputBytes());
    }
  }

  /** The exit status follows the end of output at once; waiting for it still counts against the deadline. */
  private Integer awaitExit(Session.Command running, long deadline, List<Future<?>> tasks)
      throws ConnectionException {
    try {
      running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline))), TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      if (remainingNanos(deadline) <= 0) {
        throw timedOut(tasks);
      }
      throw e;
    }
    return running.getExitStatus();
  }

  private CommandTimedOutException timedOut(List<Future<?>> tasks) {
    stop(tasks);
    // A stream that overflowed may have been what kept the other one waiting.
    refuseOverflow();
    return new CommandTimedOutException(command, endpoint, limits.timeout());
  }

  private static long remainingNanos(long deadline) {
    return deadline - System.nanoTime();
  }

  private static String text(BoundedOutput output) {
    return new String(output.bytes(), StandardCharsets.UTF_8);
  }
}
