package io.ecslogon.operator.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One authenticated SSH connection to an instance. Every command opens its own channel on it, so
 * the TCP connection, key exchange and authentication are paid once per instance, not per command.
 */
public final class SshConnection implements RemoteShell, AutoCloseable {
  private static final List<String> SUDO = List.of("sudo", "-n", "--");

  private final SSHClient client;
  private final SshTarget target;
  private final String hostKeyFingerprint;
  private final Duration commandTimeout;
  private final HostMetrics metrics;

  SshConnection(SSHClient client, SshTarget target, String hostKeyFingerprint, Duration commandTimeout,
      HostMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.target = target;
    this.hostKeyFingerprint = hostKeyFingerprint;
    this.commandTimeout = commandTimeout;
  }

  /** The SHA256 fingerprint of the host key this connection verified. */
  public String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  public SshTarget target() {
    return target;
  }

  public boolean isOpen() {
    return client.isConnected() && client.isAuthenticated();
  }

  @Override
  public CommandResult run(Command command) {
    long start = System.nanoTime();
    String outcome = "lost";
    try {
      CommandResult result = execute(command);
      outcome = result.succeeded() ? "ok" : "failed";
      return result;
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
    Session session;
    try {
      session = client.startSession();
    } catch (IOException e) {
      throw new HostUnreachableException("lost the SSH connection to " + target.endpoint() + ": " + e.getMessage(), e);
    }
    try (session) {
      Session.Command running = session.exec(ShellQuoting.commandLine(argv));
      try (OutputStream stdin = running.getOutputStream()) {
        if (command.stdin() != null) {
          stdin.write(command.stdin());
          stdin.flush();
        }
      }
      byte[] out = readAll(running.getInputStream());
      byte[] err = readAll(running.getErrorStream());
      running.join(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
      Integer exit = running.getExitStatus();
      return new CommandResult(exit == null ? -1 : exit,
          new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HostUnreachableException("running '" + command + "' on " + target.endpoint() + " failed: " + e.getMessage(), e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    return buffer.toByteArray();
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
