package io.ecslogon.operator.testing.sandbox;

import io.ecslogon.operator.testing.RepoRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs hack/sandbox.sh, the one implementation of sandboxes that people and tests share. */
final class SandboxScript {
  private final Path script;
  private final Path stateRoot;
  private final String diskSize;

  SandboxScript(Path stateRoot) {
    this(stateRoot, null);
  }

  /** With {@code diskSize} (like 48m, or null): each sandbox's files on a tmpfs that can fill up. */
  SandboxScript(Path stateRoot, String diskSize) {
    this.script = RepoRoot.path().resolve("hack/sandbox.sh");
    this.stateRoot = stateRoot;
    this.diskSize = diskSize;
  }

  Path stateRoot() {
    return stateRoot;
  }

  ExecResult run(List<String> arguments, byte[] stdin) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ECSLOGON_SANDBOX_DIR", stateRoot.toString());
    builder.environment().put("ECSLOGON_SANDBOX_REBOOT_DELAY", "2");
    if (diskSize != null) {
      builder.environment().put("ECSLOGON_SANDBOX_DISK", diskSize);
    }
    try {
      Process process = builder.start();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("hack/sandbox.sh " + arguments + " did not finish in 120 s");
      }
      return new ExecResult(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
