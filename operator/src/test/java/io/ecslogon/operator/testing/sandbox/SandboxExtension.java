package io.ecslogon.operator.testing.sandbox;

import io.ecslogon.operator.testing.RequiredForIntegrationTests;
import io.ecslogon.operator.testing.audit.ExecveAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts sandboxed instances for a test class and destroys them afterwards. Register it as a
 * static field with {@code @RegisterExtension}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static SandboxExtension sandboxes = SandboxExtension.with().root("web").ecsUser("app").stopped("late").build();
 * }</pre>
 *
 * Without root, unshare or sshd, the class is skipped with the reason, except in CI where it fails.
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Path STATE_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "ecslogon-it-sandboxes");

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SandboxExtension.class);
  private static final String INSPECTORS = "inspectors";

  private final List<Spec> specs;
  private final String diskSize;
  private final Map<String, Sandbox> sandboxes = new LinkedHashMap<>();

  private SandboxExtension(List<Spec> specs, String diskSize) {
    this.specs = List.copyOf(specs);
    this.diskSize = diskSize;
  }

  public static Builder with() {
    return new Builder();
  }

  /** The sandbox declared under {@code name}. */
  public Sandbox get(String name) {
    Sandbox sandbox = sandboxes.get(name);
    if (sandbox == null) {
      throw new IllegalArgumentException("no sandbox declared as " + name + "; declared: " + sandboxes.keySet());
    }
    return sandbox;
  }

  /** Every sandbox of the class, running or not. */
  public Collection<Sandbox> all() {
    return List.copyOf(sandboxes.values());
  }

  /** The class's sandboxes, for extensions that inspect them at the end (the secret-leak scan). */
  public static Optional<SandboxExtension> registeredIn(ExtensionContext context) {
    return Optional.ofNullable(context.getStore(STORE).get(SandboxExtension.class, SandboxExtension.class));
  }

  /**
   * Runs {@code inspect} on the class's sandboxes just before they are destroyed. Needed because
   * JUnit orders static extension fields by a hash of their names, not as declared: another
   * extension's afterAll may run after the sandboxes are gone.
   */
  @SuppressWarnings("unchecked")
  public static void beforeDestroy(ExtensionContext context, Consumer<Collection<Sandbox>> inspect) {
    context.getStore(STORE).getOrComputeIfAbsent(INSPECTORS, key -> new CopyOnWriteArrayList<>(), List.class)
        .add(inspect);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    context.getStore(STORE).put(SandboxExtension.class, this);
    requirePrerequisites();
    // Before the first boot: every program the instances run, with its argv, for the secret-leak scan.
    ExecveAudit.start();
    SandboxScript script = new SandboxScript(STATE_ROOT, diskSize);
    String run = UUID.randomUUID().toString().substring(0, 6);
    for (Spec spec : specs) {
      int port = spec.port() == 0 ? freePort() : spec.port();
      Sandbox sandbox = new Sandbox(script, "it-" + run + "-" + spec.name(), port, spec.adminUser());
      sandboxes.put(spec.name(), sandbox);
      if (spec.boot()) {
        sandbox.start();
      } else {
        sandbox.create();
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterAll(ExtensionContext context) {
    List<Consumer<Collection<Sandbox>>> inspectors = context.getStore(STORE).get(INSPECTORS, List.class);
    if (inspectors != null) {
      inspectors.forEach(inspect -> inspect.accept(all()));
    }
    sandboxes.values().forEach(Sandbox::destroy);
  }

  private static void requirePrerequisites() {
    boolean root = "root".equals(System.getProperty("user.name"));
    RequiredForIntegrationTests.require(root, "sandboxed instances need root");
    for (String tool : Set.of("/usr/sbin/sshd", "/usr/bin/unshare", "/usr/bin/nsenter", "/usr/sbin/useradd",
        "/usr/bin/ssh-keygen", "/usr/bin/ssh")) {
      RequiredForIntegrationTests.require(Files.isExecutable(Path.of(tool)), tool + " is missing");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * port 0: any free port. Always 0 today: a fixed port could collide with the quickstart's
   * instances or another test run; examples are applied with their ports rewritten instead
   * (ExampleManifests).
   */
  private record Spec(String name, String adminUser, boolean boot, int port) {}

  public static final class Builder {
    private final List<Spec> specs = new ArrayList<>();
    private String diskSize;

    /** An instance whose admin is root, logging on with a key. */
    public Builder root(String name) {
      specs.add(new Spec(name, "root", true, 0));
      return this;
    }

    /** An instance like a fresh cloud image: root login refused, admin ecs-user with passwordless sudo. */
    public Builder ecsUser(String name) {
      specs.add(new Spec(name, "ecs-user", true, 0));
      return this;
    }

    /** A root-admin instance created (keys, port) but not booted: start it in the test. */
    public Builder stopped(String name) {
      specs.add(new Spec(name, "root", false, 0));
      return this;
    }

    /**
     * Every sandbox's files on a tmpfs of {@code size} (like 48m) instead of the machine's disk, so
     * that a test can fill it ({@link Sandbox#diskDir()}).
     */
    public Builder onSmallDisks(String size) {
      this.diskSize = size;
      return this;
    }

    public SandboxExtension build() {
      return new SandboxExtension(specs, diskSize);
    }
  }
}
