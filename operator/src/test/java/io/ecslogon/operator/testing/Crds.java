package io.ecslogon.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** Installs the committed CRDs (crds/, what users apply) and waits until they are served. */
public final class Crds {
  private Crds() {}

  public static void install(KubernetesClient client) {
    for (Path file : files()) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(crd).serverSideApply();
        Awaitility.await("CRD " + crd.getMetadata().getName() + " established")
            .atMost(Duration.ofSeconds(30))
            .until(() -> established(client, crd.getMetadata().getName()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // The API server serves a new CRD's endpoints a moment after Established; give discovery
    // a beat so the first create does not race it.
    Awaitility.await().pollDelay(200, TimeUnit.MILLISECONDS).atMost(Duration.ofSeconds(1)).until(() -> true);
  }

  private static boolean established(KubernetesClient client, String name) {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    // A CRD just created may have a status without conditions yet (seen on a loaded machine).
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The committed CRDs: what users apply and the chart ships. */
  public static Path directory() {
    return RepoRoot.path().resolve("crds");
  }

  public static List<Path> files() {
    try (Stream<Path> files = Files.list(directory())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
