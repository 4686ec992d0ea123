package io.ecslogon.operator.testing.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts a sandbox's boots from its supervisor's log: one "boot <id>" line per boot. */
public final class Boots {
  private Boots() {}

  public static long count(Sandbox sandbox) {
    return lines(sandbox, " boot ");
  }

  /** Whether a reboot has begun (the sandbox is down, or already up again). */
  public static long rebootsBegun(Sandbox sandbox) {
    return lines(sandbox, " rebooting in ");
  }

  private static long lines(Sandbox sandbox, String marker) {
    try {
      return Files.readAllLines(sandbox.stateDir().resolve("logs/supervisor.log")).stream()
          .filter(line -> line.contains(marker)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
