package io.ecslogon.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root: set by failsafe as ecslogon.repoRoot, else found by walking up to pom.xml + hack/sandbox.sh. */
public final class RepoRoot {
  private RepoRoot() {}

  public static Path path() {
    String configured = System.getProperty("ecslogon.repoRoot");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("hack/sandbox.sh")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
  }
}
