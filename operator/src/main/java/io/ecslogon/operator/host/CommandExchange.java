package io.ecslogon.operator.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One running command's traffic, under its {@link CommandLimits}: stdin is fed and stdout drained
 * on one stream thread while stderr is drained on another, so a command that fills its stderr
 * window while we wait on stdout cannot deadlock; each stream is read into a {@link BoundedOutput};
 * and the calling thread waits for both against one deadline, instead of reading first and timing
 * afterwards. sshj's channel streams block without a timeout, so giving up means closing the
 * connection ({@code abandon}): that wakes every blocked reader with an error.
 */
final class CommandExchange {
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
    Future<BoundedOutput> out = streams.submit(() -> {
      feed(running.getOutputStream(), command.stdin());
      return drain(running.getInputStream(), "stdout");
    });
    Future<BoundedOutput> err = streams.submit(() -> drain(running.getErrorStream(), "stderr"));
    try {
      BoundedOutput stdout = out.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      BoundedOutput stderr = err.get(remainingNanos(deadline), TimeUnit.NANOSECONDS);
      refuseOverflow();
      Integer exit = awaitExit(running, deadline);
      return new CommandResult(exit == null ? -1 : exit, text(stdout), text(stderr));
    } catch (TimeoutException e) {
      throw timedOut();
    } catch (ExecutionException e) {
      // A stream that overflowed closed the connection, which fails the other one: say why.
      refuseOverflow();
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon.run();
      throw new HostException("interrupted while '" + command + "' ran on " + endpoint + "; the connection was closed");
    } finally {
      out.cancel(true);
      err.cancel(true);
    }
  }

  private static void feed(OutputStream stdin, byte[] input) throws IOException {
    try (stdin) {
      if (input != null) {
        stdin.write(input);
        stdin.flush();
      }
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
  private Integer awaitExit(Session.Command running, long deadline) throws ConnectionException {
    try {
      running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline))), TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      if (remainingNanos(deadline) <= 0) {
        throw timedOut();
      }
      throw e;
    }
    return running.getExitStatus();
  }

  private CommandTimedOutException timedOut() {
    abandon.run();
    return new CommandTimedOutException(command, endpoint, limits.timeout());
  }

  private static long remainingNanos(long deadline) {
    return deadline - System.nanoTime();
  }

  private static String text(BoundedOutput output) {
    return new String(output.bytes(), StandardCharsets.UTF_8);
  }
}
