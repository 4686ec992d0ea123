package io.ecslogon.operator.testing.leaks;

import io.ecslogon.operator.testing.audit.ExecveAudit;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a person on an instance could read afterwards: /tmp, every shell history under /root and
 * /home, the logs under /var/log and the operator's inventory under /var/lib/ecs-logon-operator.
 * Read from the sandbox's private directories on the host side (hack/sandbox.sh keeps them under
 * STATE/fs), so a stopped or rebooted sandbox is scanned too. And what anyone on an instance could
 * have seen in `ps` meanwhile: the argv of every program the sandboxes ran, from the audit log.
 */
final class SandboxPlaces {
  // The argvs of a long suite (the fault-injection runs) reach tens of megabytes.
  private static final int PART_BYTES = 16 << 20;
  private static final int OVERLAP_BYTES = 64 << 10;

  private SandboxPlaces() {}

  static List<Place> of(Collection<Sandbox> sandboxes) {
    List<Place> places = new ArrayList<>();
    for (Sandbox sandbox : sandboxes) {
      Path fs = sandbox.stateDir().resolve("fs");
      List<Path> files = new ArrayList<>(regularFiles(fs.resolve("tmp"), Integer.MAX_VALUE));
      files.addAll(regularFiles(fs.resolve("root"), 1).stream().filter(SandboxPlaces::isHistory).toList());
      files.addAll(regularFiles(fs.resolve("home"), 2).stream().filter(SandboxPlaces::isHistory).toList());
      files.addAll(regularFiles(fs.resolve("var/log"), Integer.MAX_VALUE));
      files.addAll(regularFiles(fs.resolve("var/lib/ecs-logon-operator"), Integer.MAX_VALUE));
      for (Path file : files) {
        String name = sandbox.name() + ":/" + fs.relativize(file);
        readInParts(file).forEach(part -> places.add(new Place(Place.Kind.SANDBOX_FILE, name, part)));
      }
    }
    return places;
  }

  /** The argv of every program the sandboxes started since {@code from}, one line each. */
  static List<Place> argvsSince(ExecveAudit audit, ExecveAudit.Mark from) {
    try {
      Path lines = Files.createTempFile("ecslogon-argvs", ".txt");
      try {
        audit.writeSince(from, lines);
        return readInParts(lines).stream()
            .map(part -> new Place(Place.Kind.ARGV_TRACE, "argvs of the programs the sandboxes ran", part)).toList();
      } finally {
        Files.deleteIfExists(lines);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isHistory(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.endsWith("_history");
  }

  private static List<Path> regularFiles(Path directory, int depth) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory, depth)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The whole file, in parts of at most PART_BYTES that overlap by OVERLAP_BYTES (longer than any
   * secret), so that a long argv trace is read to its end and a secret across a cut is still whole
   * in one part.
   */
  static List<String> readInParts(Path file) {
    List<String> parts = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] carried = new byte[0];
      while (true) {
        byte[] fresh = in.readNBytes(PART_BYTES - carried.length);
        if (fresh.length == 0 && !parts.isEmpty()) {
          return parts;
        }
        byte[] part = new byte[carried.length + fresh.length];
        System.arraycopy(carried, 0, part, 0, carried.length);
        System.arraycopy(fresh, 0, part, carried.length, fresh.length);
        parts.add(new String(part, StandardCharsets.UTF_8));
        if (part.length < PART_BYTES) {
          return parts;
        }
        carried = Arrays.copyOfRange(part, part.length - OVERLAP_BYTES, part.length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
