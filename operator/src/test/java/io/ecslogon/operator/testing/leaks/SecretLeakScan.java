package io.ecslogon.operator.testing.leaks;

import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.audit.ExecveAudit;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The secret-leak scan every integration test class with an operator gets (OperatorExtension runs
 * it): every secret a Secret held during the class, and every value a test {@link #remember}ed, is
 * searched for in the operator's log lines, every Event, every custom resource's status, the
 * metrics page, the sandboxes' /tmp and shell histories, and the argv of every program the
 * sandboxes ran meanwhile (the kernel's audit of execve, {@link ExecveAudit}). Prints one line, and
 * fails the class on a hit, naming the secret and the place, never the value.
 * See docs/reliability.md, "Secret-leak scan".
 */
public final class SecretLeakScan {
  private static final Map<String, SecretValue> REMEMBERED = new LinkedHashMap<>();

  private final KubernetesClient client;
  private final SecretRecorder recorder;
  private final LogCapture logs = new LogCapture();
  private final List<Place> early = new CopyOnWriteArrayList<>();
  private volatile boolean sandboxesRead;
  private final Optional<ExecveAudit> audit = ExecveAudit.start();
  private final Optional<ExecveAudit.Mark> auditFrom = audit.map(ExecveAudit::mark);

  private SecretLeakScan(KubernetesClient client, ExtensionContext context) {
    this.client = client;
    this.recorder = new SecretRecorder(client);
    logs.beforeAll(context);
    // The sandboxes may be destroyed before the operator stops (JUnit's extension order): read
    // their files then, or at the end if they are still there.
    SandboxExtension.beforeDestroy(context, this::readSandboxes);
  }

  private synchronized void readSandboxes(Collection<Sandbox> sandboxes) {
    if (!sandboxesRead) {
      sandboxesRead = true;
      early.addAll(SandboxPlaces.of(sandboxes));
      audit.ifPresent(trace -> early.addAll(ArgvCanary.checked(sandboxes,
          () -> SandboxPlaces.argvsSince(trace, auditFrom.orElseThrow()))));
    }
  }

  /** Starts recording Secrets and log lines; call before the operator starts. */
  public static SecretLeakScan start(KubernetesClient client, ExtensionContext context) {
    synchronized (REMEMBERED) {
      REMEMBERED.clear();
    }
    return new SecretLeakScan(client, context);
  }

  /**
   * A secret the scan cannot see in a Secret: one a test typed into a spec, sent to the emulated
   * cloud, or deleted before the informer saw it.
   */
  public static void remember(String label, String value) {
    synchronized (REMEMBERED) {
      REMEMBERED.putIfAbsent(value, new SecretValue("remembered " + label, value));
    }
  }

  /** The log of an operator that ran in a process of its own (the test JVM's log is captured already). */
  public void readLog(String name, String text) {
    early.add(new Place(Place.Kind.LOG, name, text));
  }

  /** The metrics page, read while the operator still serves it. */
  public void readMetrics(int port) {
    if (port <= 0) {
      return;
    }
    try {
      HttpResponse<String> page = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
              .build(), HttpResponse.BodyHandlers.ofString());
      early.add(new Place(Place.Kind.METRICS, "metrics page", page.body()));
    } catch (Exception e) {
      throw new IllegalStateException("secret-leak scan: could not read the metrics page", e);
    }
  }

  /** Searches every place once the operator has stopped; throws AssertionError on a hit. */
  public void finish(ExtensionContext context) {
    logs.afterAll(context);
    SandboxExtension.registeredIn(context).ifPresent(sandboxes -> readSandboxes(sandboxes.all()));
    Collection<SecretValue> secrets = secrets();
    List<Place> places = new ArrayList<>(early);
    places.add(new Place(Place.Kind.LOG, "operator log", String.join("\n", logs.lines())));
    places.addAll(KubePlaces.of(client));
    recorder.close();

    LeakFinder finder = new LeakFinder(secrets);
    List<Hit> hits = places.stream().flatMap(place -> finder.search(place).stream()).toList();
    Map<Place.Kind, Long> kinds = places.stream()
        .collect(Collectors.groupingBy(Place::kind, () -> new EnumMap<>(Place.Kind.class), Collectors.counting()));
    System.out.printf("secret-leak scan: %d secrets, %d places, %d hits (%s: %s)%n", secrets.size(), places.size(),
        hits.size(), context.getRequiredTestClass().getSimpleName(), kinds.entrySet().stream()
            .map(kind -> kind.getValue() + " " + kind.getKey()).collect(Collectors.joining(", ")));
    if (!hits.isEmpty()) {
      throw new AssertionError("secret-leak scan: " + hits.size() + " hits:\n"
          + hits.stream().map(Hit::toString).collect(Collectors.joining("\n")));
    }
  }

  private Collection<SecretValue> secrets() {
    Map<String, SecretValue> all = new LinkedHashMap<>();
    recorder.values(client).forEach(secret -> all.putIfAbsent(secret.value(), secret));
    synchronized (REMEMBERED) {
      REMEMBERED.forEach(all::putIfAbsent);
    }
    return all.values();
  }
}
