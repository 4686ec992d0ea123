package io.ecslogon.operator.testing.audit;

import io.ecslogon.operator.testing.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs hack/execve-audit.sh, the one place that knows auditctl and auditd. */
final class AuditScript {
  private static final Path SCRIPT = RepoRoot.path().resolve("hack/execve-audit.sh");
  private static final long LIMIT_SECONDS = 30;

  record Result(int exitCode, String output) {
    String orThrow(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException("hack/execve-audit.sh " + what + " failed (" + exitCode + "): " + output.strip());
      }
      return output;
    }
  }

  private AuditScript() {}

  /** The output goes to a file, so that a hung auditctl is stopped at the limit rather than read forever. */
  static Result run(String... arguments) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(Arrays.asList(arguments));
    Path output = null;
    try {
      output = Files.createTempFile("execve-audit", ".out");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "did not finish in " + LIMIT_SECONDS + " s");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }
}
