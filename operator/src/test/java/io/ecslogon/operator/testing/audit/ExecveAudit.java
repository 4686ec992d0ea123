package io.ecslogon.operator.testing.audit;

import io.ecslogon.operator.testing.RequiredForIntegrationTests;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Every program run through the sandboxes' sshd, with its full argv, read from the kernel's audit
 * log that hack/execve-audit.sh keeps: the "argv seen on the instances" the secret-leak scan
 * searches, and what a test reads to see which commands ran. On in CI always (where it cannot be
 * started, the test fails); elsewhere where auditd is installed and the tests run as root.
 */
public final class ExecveAudit {
  private static final Duration SYNC_LIMIT = Duration.ofSeconds(10);
  private static Optional<ExecveAudit> started;

  private final Path log;

  /** A place in the log (which file, how far), and the kernel's count of lost records then. */
  public record Mark(Object file, long offset, long lost) {}

  private ExecveAudit(Path log) {
    this.log = log;
  }

  /** The audit on, once for the JVM; empty where it is not available outside CI. */
  public static synchronized Optional<ExecveAudit> start() {
    if (started == null) {
      started = begin();
    }
    return started;
  }

  private static Optional<ExecveAudit> begin() {
    boolean possible = "root".equals(System.getProperty("user.name")) && onPath("auditctl") && onPath("auditd");
    if (!possible && !RequiredForIntegrationTests.inCi()) {
      System.out.println("execve audit off: it needs root and auditd (Debian: auditd); instances' argvs are not scanned");
      return Optional.empty();
    }
    AuditScript.Result result = AuditScript.run("start");
    if (result.exitCode() != 0) {
      String message = "hack/execve-audit.sh start failed (" + result.exitCode() + "): " + result.output().strip();
      if (RequiredForIntegrationTests.inCi()) {
        throw new IllegalStateException("CI=true and " + message);
      }
      System.out.println("execve audit off: " + message);
      return Optional.empty();
    }
    // Stopped when the JVM ends: left on, the rule would go on recording every other session of
    // the machine (a person's terminals) into the log.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> AuditScript.run("stop"), "execve-audit-stop"));
    List<String> lines = result.output().strip().lines().toList();
    return Optional.of(new ExecveAudit(Path.of(lines.get(lines.size() - 1))));
  }

  public Mark mark() {
    sync();
    try {
      return new Mark(fileKey(), Files.size(log), lost());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The programs started since the mark; fails where the kernel lost records meanwhile (the trace would have holes). */
  public List<Execution> since(Mark mark) {
    List<Execution> executions = new ArrayList<>();
    read(mark, executions::add);
    return executions;
  }

  /** The programs started since the mark, one line each, into {@code file} (a long suite's are many). */
  public Path writeSince(Mark mark, Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      read(mark, execution -> {
        try {
          out.write(execution.line());
          out.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(Mark mark, Consumer<Execution> each) {
    sync();
    long lost = lost() - mark.lost();
    if (lost > 0) {
      throw new IllegalStateException(lost + " audit records were lost since the mark: the argv trace has holes");
    }
    if (!fileKey().equals(mark.file())) {
      throw new IllegalStateException(log + " is another file than at the mark: the audit daemon rotated it meanwhile");
    }
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      if (channel.size() < mark.offset()) {
        throw new IllegalStateException(log + " is shorter than at the mark: it was emptied meanwhile");
      }
      channel.position(mark.offset());
      ExecveRecords records = new ExecveRecords(each);
      BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
          StandardCharsets.ISO_8859_1));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        records.accept(line);
      }
      records.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until everything recorded so far is in the log: the kernel queues records for the
   * daemon in order, so once a marker sent now is written, so is all before it.
   */
  private void sync() {
    String marker = "ecslogon-sync-" + UUID.randomUUID();
    AuditScript.run("sync", marker).orThrow("sync");
    Instant deadline = Instant.now().plus(SYNC_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      if (tailContains(marker)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the audit marker did not reach " + log + " in " + SYNC_LIMIT.toSeconds() + " s");
  }

  private boolean tailContains(String marker) {
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = channel.size();
      int length = (int) Math.min(size, 1 << 20);
      ByteBuffer tail = ByteBuffer.allocate(length);
      channel.read(tail, size - length);
      return new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1).contains(marker);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long lost() {
    return Long.parseLong(AuditScript.run("lost").orThrow("lost").strip());
  }

  private Object fileKey() {
    try {
      return Files.readAttributes(log, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean onPath(String program) {
    return Arrays.stream((System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin")
            .split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }
}
