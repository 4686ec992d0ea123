package io.ecslogon.operator.testing;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** What the integration tests do with the API server: apply YAML, patch, wait, read conditions. */
public final class TestKube {
  private final ControlPlaneExtension controlPlane;
  private final String namespace;

  public TestKube(ControlPlaneExtension controlPlane, String namespace) {
    this.controlPlane = controlPlane;
    this.namespace = namespace;
  }

  public KubernetesClient client() {
    return controlPlane.client();
  }

  /** Server-side applies one ecslogon.io/v1alpha1 object given without apiVersion and namespace. */
  public void apply(String yaml) {
    HasMetadata object = Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\n" + yaml);
    object.getMetadata().setNamespace(namespace);
    client().resource(object).serverSideApply();
  }

  /** An EcsInstance for a sandbox, with its admin key in a Secret; {@code extraSpec} lines are indented YAML. */
  public void registerInstance(String name, Sandbox sandbox, String extraSpec) {
    client().resource(KubeObjects.sshAuthSecret(namespace, name + "-admin", sandbox.adminPrivateKey())).serverSideApply();
    apply("kind: EcsInstance\nmetadata: {name: " + name + "}\nspec:\n  address: 127.0.0.1\n  port: " + sandbox.port()
        + "\n  adminUser: " + sandbox.adminUser() + "\n  adminCredentialsSecretRef: {name: " + name + "-admin}\n"
        + extraSpec);
  }

  /**
   * An extraSpec line pinning the sandbox's host key: passwords are only ever sent to a pinned host
   * (docs/api.md), so every instance a test sets a password on is registered with it.
   */
  public static String pinnedHostKey(Sandbox sandbox) {
    return "  hostKeyFingerprint: \"" + sandbox.hostKeyFingerprint() + "\"\n";
  }

  public <T extends HasMetadata> void mergePatch(Class<T> type, String name, String json) {
    client().resources(type).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return client().resources(type).inNamespace(namespace).withName(name).get();
  }

  public <T extends HasMetadata> T await(Class<T> type, String name, Duration atMost, Predicate<T> test) {
    return Awaitility.await(type.getSimpleName() + " " + name).atMost(atMost).pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(() -> get(type, name), found -> found != null && test.test(found));
  }

  public <T extends HasMetadata> T await(Class<T> type, String name, Predicate<T> test) {
    return await(type, name, Duration.ofSeconds(60), test);
  }

  /** See {@link StatusConditions#conditionOf(List, String)}, where conditions are read and awaited. */
  public static Optional<Condition> condition(List<Condition> conditions, String type) {
    return StatusConditions.conditionOf(conditions, type);
  }

  /** See {@link StatusConditions#has(List, String, String, String)}. */
  public static boolean has(List<Condition> conditions, String type, String status, String reason) {
    return StatusConditions.has(conditions, type, status, reason);
  }
}
