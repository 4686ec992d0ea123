package io.ecslogon.operator.ecsinstance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.AllowedDestinations;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator runs with ECSLOGON_ALLOWED_ADDRESSES=127.0.0.1/32 and ECSLOGON_ALLOWED_PORTS set to
 * the one sandbox's port. An instance there becomes Ready; one at an address or port outside the
 * list is refused with AddressNotAllowed, and a listener at that address proves that no
 * connection was ever made, on the first visit or on the retries after it.
 */
class AllowedAddressesIT {
  private static final Duration RESYNC = Duration.ofSeconds(2);

  // Ordered: the operator's settings name the sandbox's port, so the sandbox starts first.
  @RegisterExtension
  @Order(1)
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  @Order(2)
  static SandboxExtension sandboxes = SandboxExtension.with().root("allowed").build();

  @RegisterExtension
  @Order(3)
  static OperatorExtension operator = new OperatorExtension(controlPlane, RESYNC,
      config -> config.withAllowedDestinations(AllowedDestinations.parse("127.0.0.1/32",
          Integer.toString(sandboxes.get("allowed").port()))));

  private static final TestKube kube = new TestKube(controlPlane, "default");

  @Test
  void anInstanceInsideTheListBecomesReady() {
    kube.registerInstance("inside", sandboxes.get("allowed"), "");

    kube.await(EcsInstance.class, "inside", i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "True", "Ready"));
  }

  @Test
  void anAddressOutsideTheListIsNeverConnectedTo() throws Exception {
    Sandbox sandbox = sandboxes.get("allowed");
    // 127.0.0.2 is loopback too: reachable from here, but not in the list. Something listens there
    // on the allowed port, so a connection would be accepted (and counted) if one were made.
    try (Listener listener = new Listener(InetAddress.getByName("127.0.0.2"), sandbox.port())) {
      register("outside", "127.0.0.2", sandbox.port());

      EcsInstance refused = awaitRefused("outside");

      assertThat(condition(refused, "Ready").getMessage())
          .isEqualTo("127.0.0.2:" + sandbox.port() + " is not in ECSLOGON_ALLOWED_ADDRESSES (where the operator may"
              + " connect); nothing was connected");
      assertThat(condition(refused, "Reachable").getReason()).isEqualTo("AddressNotAllowed");
      assertThat(refused.getStatus().getHostKeyFingerprint()).isNull();
      assertThat(KubeObjects.eventsFor(kube.client(), refused))
          .anySatisfy(e -> assertThat(e.getType() + " " + e.getReason()).isEqualTo("Warning AddressNotAllowed"));
      Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).until(() -> true);
      assertThat(listener.accepted()).as("connections accepted at 127.0.0.2").isEmpty();
    }
  }

  @Test
  void aPortOutsideTheListIsNeverConnectedTo() throws Exception {
    try (Listener listener = new Listener(InetAddress.getByName("127.0.0.1"), 0)) {
      register("otherport", "127.0.0.1", listener.port());

      EcsInstance refused = awaitRefused("otherport");

      assertThat(condition(refused, "Ready").getMessage()).isEqualTo("port " + listener.port() + " of 127.0.0.1:"
          + listener.port() + " is not in ECSLOGON_ALLOWED_PORTS (the ports the operator may connect to); nothing"
          + " was connected");
      Awaitility.await().pollDelay(RESYNC.multipliedBy(3)).until(() -> true);
      assertThat(listener.accepted()).as("connections accepted on port " + listener.port()).isEmpty();
    }
  }

  /** An instance with a valid, labelled admin Secret, so the address is the only thing wrong with it. */
  private static void register(String name, String address, int port) {
    kube.client().resource(KubeObjects.sshAuthSecret("default", name + "-admin",
        sandboxes.get("allowed").adminPrivateKey())).serverSideApply();
    kube.apply("kind: EcsInstance\nmetadata: {name: " + name + "}\nspec:\n  address: \"" + address + "\"\n  port: "
        + port + "\n  adminUser: root\n  adminCredentialsSecretRef: {name: " + name + "-admin}\n");
  }

  private static EcsInstance awaitRefused(String name) {
    return kube.await(EcsInstance.class, name, i -> i.getStatus() != null
        && TestKube.has(i.getStatus().getConditions(), "Ready", "False", "AddressNotAllowed"));
  }

  private static Condition condition(EcsInstance instance, String type) {
    return TestKube.condition(instance.getStatus().getConditions(), type).orElseThrow();
  }

  /** Accepts and records every connection made to it, and closes it at once. */
  private static final class Listener implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    Listener(InetAddress address, int port) throws IOException {
      socket.bind(new InetSocketAddress(address, port));
      acceptor = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket connection = socket.accept()) {
            accepted.add(connection.getRemoteSocketAddress().toString());
          } catch (SocketException closed) {
            return;
          } catch (IOException e) {
            accepted.add("failed accept: " + e);
          }
        }
      }, "listener-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    Set<String> accepted() {
      return Set.copyOf(accepted);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
