package io.ecslogon.operator.host;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * One authenticated SSH connection to an instance. Every command opens its own channel on it, so
 * the TCP connection, key exchange and authentication are paid once per instance, not per command.
 * Every command runs under the {@link CommandLimits} (deadline, output limit); one that overruns
 * them costs this connection, never a thread or the heap.
 */
public final class SshConnection implements RemoteShell, AutoCloseable {
  private static final List<String> SUDO = List.of("sudo", "-n", "--");

  private final SSHClient client;
  private final SshTarget target;
  private final String hostKeyFingerprint;
  private final CommandLimits limits;
  private final ExecutorService streams;
  private final HostMetrics metrics;
  private final AtomicBoolean abandoned = new AtomicBoolean();

  SshConnection(SSHClient client, SshTarget target, String hostKeyFingerprint, CommandLimits limits,
      ExecutorService streams, HostMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.target = target;
    this.hostKeyFingerprint = hostKeyFingerprint;
    this.limits = limits;
    this.streams = streams;
  }

  /** The SHA256 fingerprint of the host key this connection verified. */
  public String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  public SshTarget target() {
    return target;
  }

  public boolean isOpen() {
    return !abandoned.get() && client.isConnected() && client.isAuthenticated();
  }

  @Override
  public CommandResult run(Command command) {
    long start = System.nanoTime();
    String outcome = "lost";
    try {
      CommandResult result = execute(command);
      outcome = result.succeeded() ? "ok" : "failed";
      return result;
    } catch (CommandTimedOutException e) {
      outcome = "timed-out";
      throw e;
    } catch (OutputTooLargeException e) {
      outcome = "too-large";
      throw e;
    } finally {
      String program = command.argv().get(0);
      metrics.commandRan(program.substring(program.lastIndexOf('/') + 1), Duration.ofNanos(System.nanoTime() - start),
          outcome);
    }
  }

  private CommandResult execute(Command command) {
    // sudo -n fails instead of prompting: an admin without passwordless sudo is a configuration
    // error to report, not something to answer interactively.
    List<String> argv = target.isRoot() ? command.argv() : prefixed(SUDO, command.argv());
    if (!isOpen()) {
      throw new HostUnreachableException("the SSH connection to " + target.endpoint() + " is closed", null);
    }
    Session session;
    try {
      session = client.startSession();
    } catch (IOException e) {
      throw new HostUnreachableException("lost the SSH connection to " + target.endpoint() + ": " + e.getMessage(), e);
    }
    try (session) {
      Session.Command running = session.exec(ShellQuoting.commandLine(argv));
      return new CommandExchange(command, target.endpoint(), limits, () -> abandon(running)).exchange(running, streams);
    } catch (IOException e) {
      throw new HostUnreachableException("running '" + command + "' on " + target.endpoint() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Gives up on a command that overran its deadline or its output limit: asks sshd to stop it
   * (best effort: OpenSSH refuses signal requests on root logins, which run without post-login
   * privilege separation), then closes the whole connection, the one sure way to wake threads
   * blocked on the channel. Closing the session ends a command run through sudo and one still
   * writing (SIGPIPE); one that ignores its closed pipes stays on the instance until it ends, but
   * costs the operator nothing more. The pool sees the connection closed and logs on afresh.
   */
  private void abandon(Session.Command running) {
    if (abandoned.compareAndSet(false, true)) {
      try {
        running.signal(Signal.TERM);
      } catch (IOException | RuntimeException ignored) {
        // The connection may already be gone; closing it below is what matters.
      }
      // The socket, not disconnect(): that notifies every channel on this thread, and a channel's
      // output stream can be held by a writer waiting for window space. sshj's reader thread sees
      // the socket close and fails every channel; close() later releases the rest.
      try {
        client.getSocket().close();
      } catch (IOException | RuntimeException ignored) {
        // Already closed.
      }
    }
  }

  private static List<String> prefixed(List<String> prefix, List<String> argv) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(argv);
    return all;
  }

  @Override
  public void close() {
    try {
      client.disconnect();
    } catch (IOException ignored) {
      // Closing a connection that is already broken has nothing left to report.
    }
  }
}
