package io.ecslogon.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import io.ecslogon.operator.testing.RepoRoot;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails when {@code crds/} does not match the CRDs generated from the current API types.
 *
 * <p>The crd-generator plugin runs at process-classes, before surefire, so the generated files are
 * always fresh here. With {@code -Decslogon.updateCrds=true} (what hack/update-crds.sh passes) the
 * test writes {@code crds/} instead of comparing.
 */
class CrdsUpToDateTest {
  private static final Path GENERATED = Paths.get("target", "classes", "META-INF", "fabric8");
  private static final String FIX = "run hack/update-crds.sh and commit crds/ and helm/ecs-logon-operator/crds/";

  /** crds/, and the Helm chart's copy of it (never edited by hand). */
  private static List<Path> directories() {
    return List.of(Crds.directory(), RepoRoot.path().resolve("helm/ecs-logon-operator/crds"));
  }

  @Test
  void committedCrdsMatchTheApiTypes() throws IOException {
    Map<String, String> expected = expectedFiles();
    assertThat(expected).as("generated CRDs in %s", GENERATED.toAbsolutePath()).isNotEmpty();

    for (Path dir : directories()) {
      if (Boolean.getBoolean("ecslogon.updateCrds")) {
        write(dir, expected);
      }
      Map<String, String> committed = committedFiles(dir);
      assertThat(committed.keySet())
          .as("CRD files in %s (%s)", dir, FIX)
          .containsExactlyElementsOf(expected.keySet());
      expected.forEach((file, yaml) -> assertThat(committed.get(file))
          .as("%s/%s differs from the CRD generated from the API types: %s", dir, file, FIX)
          .isEqualTo(yaml));
    }
  }

  private static Map<String, String> expectedFiles() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> generated = Files.list(GENERATED)) {
      for (Path file : generated.filter(f -> f.getFileName().toString().endsWith("-v1.yml")).toList()) {
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        String name = CrdFiles.fileName(Serialization.unmarshal(yaml, CustomResourceDefinition.class));
        files.put(name, CrdFiles.render(yaml));
      }
    }
    return files;
  }

  private static Map<String, String> committedFiles(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      for (Path file : yamlFiles(dir)) {
        files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static void write(Path dir, Map<String, String> expected) throws IOException {
    Files.createDirectories(dir);
    if (Files.isDirectory(dir)) {
      for (Path stale : yamlFiles(dir)) {
        if (!expected.containsKey(stale.getFileName().toString())) {
          Files.delete(stale);
        }
      }
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }
}
