package io.ecslogon.operator.testing;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifests of one examples/ folder, applied as a person would apply them, except that every
 * EcsInstance the test maps to a sandbox points at that sandbox's port. Tests then run on free
 * ports, so they never reach the quickstart's instances (22221/22222) and run while it is up.
 */
public final class ExampleManifests {
  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Sandbox> instances;

  /** {@code instances}: EcsInstance name in the examples → the sandbox it stands for. */
  public ExampleManifests(KubernetesClient client, String namespace, Map<String, Sandbox> instances) {
    this.client = client;
    this.namespace = namespace;
    this.instances = Map.copyOf(instances);
  }

  /** Server-side applies every *.yaml of {@code folder} (relative to the repository), in name order. */
  public List<HasMetadata> apply(String folder) {
    List<HasMetadata> applied = new ArrayList<>();
    for (HasMetadata object : load(folder)) {
      applied.add(client.resource(object).forceConflicts().serverSideApply());
    }
    return applied;
  }

  /** The objects of {@code folder}, namespaced and with instance ports rewritten, not applied. */
  public List<HasMetadata> load(String folder) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path manifest : manifests(folder)) {
      try (InputStream in = Files.newInputStream(manifest)) {
        for (HasMetadata object : client.load(in).items()) {
          object.getMetadata().setNamespace(namespace);
          // The loader may hand back a generic object for our kinds; typed, the port is a field.
          objects.add("EcsInstance".equals(object.getKind())
              ? pointedAtSandbox(client.getKubernetesSerialization().convertValue(object, EcsInstance.class))
              : object);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return objects;
  }

  private EcsInstance pointedAtSandbox(EcsInstance instance) {
    Sandbox sandbox = instances.get(instance.getMetadata().getName());
    if (sandbox != null) {
      // An instance known only by its ECS ID keeps taking its address from ECS (the emulator).
      if (instance.getSpec().getAddress() != null) {
        instance.getSpec().setAddress(sandbox.address());
      }
      instance.getSpec().setPort(sandbox.port());
    }
    return instance;
  }

  private static List<Path> manifests(String folder) {
    try (Stream<Path> files = Files.list(RepoRoot.path().resolve(folder))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
