package io.ecslogon.operator.testing.leaks;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a person on an instance could read afterwards: /tmp, every shell history under /root and
 * /home, the logs under /var/log (sshd's, and the execve trace /var/log/execve.log a test may have
 * recorded with strace) and the operator's inventory under /var/lib/ecs-logon-operator. Read
 * from the sandbox's private directories on the host side (hack/sandbox.sh keeps them under
 * STATE/fs), so a stopped or rebooted sandbox is scanned too.
 */
final class SandboxPlaces {
  // An execve trace of a long suite (the fault-injection runs) reaches tens of megabytes.
  private static final int MAX_BYTES = 64 << 20;

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
        places.add(new Place(Place.Kind.SANDBOX_FILE, sandbox.name() + ":/" + fs.relativize(file), read(file)));
      }
    }
    return places;
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

  private static String read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
