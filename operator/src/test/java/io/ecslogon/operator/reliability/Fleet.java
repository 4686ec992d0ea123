package io.ecslogon.operator.reliability;

import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.faults.FaultyTcpProxy;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances the suite works on, each registered at a {@link FaultyTcpProxy} in front of its
 * sshd (so a connection can be cut, stalled or truncated), with its host key pinned:
 * <ul>
 *   <li>{@code a}: its sshd policy is what SSHD_POLICY flips;
 *   <li>{@code b}: in compliance Enforce (what ENFORCE plants an unknown key on);
 *   <li>{@code c}: may be restarted (offline resets), and keeps password logins on for the resets' check.
 * </ul>
 * Tests reach the sandboxes directly, never through the proxies.
 */
final class Fleet implements AutoCloseable {
  static final List<String> NAMES = List.of("a", "b", "c");
  static final String LABEL = "fault-suite";

  private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
  private final Map<String, FaultyTcpProxy> proxies = new LinkedHashMap<>();

  Fleet(Map<String, Sandbox> sandboxes) {
    this.sandboxes.putAll(sandboxes);
    sandboxes.forEach((name, sandbox) -> proxies.put(name, FaultyTcpProxy.start("127.0.0.1", sandbox.port())));
  }

  Sandbox sandbox(String name) {
    return sandboxes.get(name);
  }

  FaultyTcpProxy proxy(String name) {
    return proxies.get(name);
  }

  /** Registers the three instances; {@code personKeyFingerprint} is allowed on b (a person's edit is not a finding). */
  void register(TestKube kube, String personKeyFingerprint) {
    for (String name : NAMES) {
      Sandbox sandbox = sandboxes.get(name);
      kube.client().resource(KubeObjects.sshAuthSecret("default", name + "-admin", sandbox.adminPrivateKey()))
          .serverSideApply();
      kube.apply("kind: EcsInstance\nmetadata: {name: " + name + ", labels: {suite: " + LABEL + "}}\nspec:\n"
          + "  address: 127.0.0.1\n  port: " + proxies.get(name).port() + "\n  adminUser: " + sandbox.adminUser()
          + "\n  adminCredentialsSecretRef: {name: " + name + "-admin}\n" + TestKube.pinnedHostKey(sandbox)
          + extraSpec(name, personKeyFingerprint));
    }
  }

  private static String extraSpec(String name, String personKeyFingerprint) {
    return switch (name) {
      case "a" -> "  sshd: {passwordAuthentication: false}\n";
      case "b" -> "  compliance:\n    mode: Enforce\n    allowedUsers: []\n    allowedKeyFingerprints: [\""
          + personKeyFingerprint + "\"]\n";
      default -> "  restartPolicy: IfRequired\n";
    };
  }

  @Override
  public void close() {
    proxies.values().forEach(FaultyTcpProxy::close);
  }
}
