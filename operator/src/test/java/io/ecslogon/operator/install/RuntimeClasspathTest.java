package io.ecslogon.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar is shaded from the runtime classpath, and shading keeps the first of two classes
 * with one name without a word: so no class package may come from two jars. The ECS SDK brings
 * BouncyCastle's jdk15on jars (the same packages as the jdk18on ones the operator uses), which
 * the pom excludes; this is what keeps it so when a dependency changes. The classpath is the one
 * maven-dependency-plugin wrote for this build (target/runtime-classpath.txt).
 */
class RuntimeClasspathTest {
  @Test
  void everyClassPackageComesFromOneJar() throws IOException {
    Path listing = Path.of("target", "runtime-classpath.txt");
    assertThat(listing).as("written by maven-dependency-plugin in generate-test-resources").exists();
    String[] jars = Files.readString(listing).strip().split(java.io.File.pathSeparator);
    Map<String, Set<String>> jarsByPackage = new TreeMap<>();
    for (String jar : jars) {
      for (String pkg : classPackages(Path.of(jar))) {
        jarsByPackage.computeIfAbsent(pkg, p -> new TreeSet<>()).add(Path.of(jar).getFileName().toString());
      }
    }
    Map<String, Set<String>> split = jarsByPackage.entrySet().stream()
        .filter(entry -> entry.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));

    assertThat(jars).as("the runtime classpath").hasSizeGreaterThan(50)
        .anyMatch(jar -> jar.contains("ecs20140526")).anyMatch(jar -> jar.contains("bcprov-jdk18on"))
        .noneMatch(jar -> jar.contains("jdk15on")).noneMatch(jar -> jar.contains("jacoco"));
    assertThat(jarsByPackage).containsKeys("org.bouncycastle.crypto", "com.aliyun.ecs20140526");
    assertThat(split).as("class packages found in more than one jar").isEmpty();
  }

  private static Set<String> classPackages(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .map(ZipEntry::getName)
          // Multi-release variants of a jar's own classes, and module descriptors, are not copies.
          .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class"))
          .map(name -> name.contains("/") ? name.substring(0, name.lastIndexOf('/')).replace('/', '.') : "")
          .collect(Collectors.toSet());
    }
  }
}
