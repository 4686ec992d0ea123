package io.ecslogon.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed crds/ must be exactly what the Java types generate (the crd-generator plugin
 * runs at process-classes, before tests). If this fails, run hack/update-crds.sh and commit.
 */
class CrdsUpToDateTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Map<String, String> generated = read(GENERATED, "-v1.yml");
    Map<String, String> committed = read(RepoRoot.path().resolve("crds"), ".yaml");

    assertThat(generated).as("generated CRDs").hasSize(4);
    assertThat(committed)
        .as("crds/ differs from what the Java types generate: run hack/update-crds.sh and commit the result")
        .isEqualTo(generated);
  }

  private static Map<String, String> read(Path dir, String suffix) throws IOException {
    Map<String, String> byName = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
        String name = file.getFileName().toString();
        byName.put(name.substring(0, name.length() - suffix.length()), Files.readString(file));
      }
    }
    return byName;
  }
}
