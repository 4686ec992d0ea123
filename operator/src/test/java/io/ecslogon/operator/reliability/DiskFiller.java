package io.ecslogon.operator.reliability;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Fills a sandbox's small disk ({@code SandboxExtension.onSmallDisks}) from outside, with a file
 * the instance cannot see, and empties it again: every write on the instance then fails with
 * ENOSPC, as on a host whose disk filled up.
 */
final class DiskFiller {
  private final Path filler;

  DiskFiller(Sandbox sandbox) {
    this.filler = sandbox.diskDir().resolve(".disk-filler");
  }

  void fill() {
    try {
      long free = Files.getFileStore(filler.getParent()).getUsableSpace();
      run("fallocate", "-l", Long.toString(free), filler.toString());
      // fallocate rounds to pages; what is left (if anything) goes too.
      run("sh", "-c", "cat /dev/zero >> \"$1\" 2>/dev/null; true", "sh", filler.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void empty() {
    try {
      Files.deleteIfExists(filler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
