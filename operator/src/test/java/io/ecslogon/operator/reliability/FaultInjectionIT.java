package io.ecslogon.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.RepoRoot;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.faults.ApiServerFaults;
import io.ecslogon.operator.testing.faults.ApiUser;
import io.ecslogon.operator.testing.faults.FaultyTcpProxy;
import io.ecslogon.operator.testing.leaks.LeakScanExtension;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded fault-injection suite (docs/reliability.md): {@code faults.runs} runs (50 by default)
 * of real work on three sandboxed instances, each hit at a random point by one fault, every
 * invariant checked after each run. A violation fails with the seed that replays it:
 * {@code hack/faults.sh SEED RUNS}. The operator runs as two replicas from the shipped jar,
 * talking to the API server through a proxy that can cut it off, and to the instances through
 * proxies that can cut, stall or truncate their connections.
 */
@Tag("faults")
class FaultInjectionIT {
  private static final long SEED = Long.getLong("faults.seed", System.currentTimeMillis() % 100_000);
  private static final int RUNS = Integer.getInteger("faults.runs", 50);
  /**
   * The first run's number: a later run replayed without the ones before it (the same plan, on a
   * fleet that has not been through the earlier runs).
   */
  private static final int FIRST = Integer.getInteger("faults.from", 1);
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(5);
  private static final String OPERATOR_USER = "ecs-logon-operator";
  private static final ExecutorService CHECKERS = Executors.newFixedThreadPool(Fleet.NAMES.size());
  /** The parts of a check (logons, the files' read), several at a time for each instance. */
  private static final ExecutorService LOGONS = Executors.newCachedThreadPool();
  private static final Duration CHECK_LIMIT = Duration.ofMinutes(2);
  /** A fleet that stays broken would otherwise cost 5 minutes a run for the rest of the suite. */
  private static final int GIVE_UP_AFTER_UNSETTLED = 3;
  private static final Path REPORT = RepoRoot.path().resolve("operator/target/faults-report.txt");

  private static Fleet fleet;
  private static FaultyTcpProxy apiProxy;
  private static ApiServerFaults api;
  private static OperatorReplicas operators;

  @RegisterExtension
  @Order(1)
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  @Order(2)
  static SandboxExtension sandboxes = SandboxExtension.with().root("a").root("b").root("c").onSmallDisks("256m").build();

  @RegisterExtension
  @Order(3)
  static LeakScanExtension leakScan = new LeakScanExtension(controlPlane,
      () -> operators == null ? "" : operators.logs());

  @TempDir
  static Path dir;

  private static final TestKube kube = new TestKube(controlPlane, "default");


  @BeforeAll
  static void startTheOperatorBehindProxies() {
    if (FIRST < 1 || FIRST > RUNS) {
      throw new IllegalArgumentException("faults.from must be 1 to faults.runs (" + RUNS + "), not " + FIRST);
    }
    System.out.printf("fault injection: seed %d, runs %d to %d (replay: hack/faults.sh %d %d%s)%n", SEED, FIRST, RUNS,
        SEED, RUNS, FIRST > 1 ? " " + FIRST : "");
    Map<String, Sandbox> byName = new LinkedHashMap<>();
    Fleet.NAMES.forEach(name -> byName.put(name, sandboxes.get(name)));
    fleet = new Fleet(byName);
    // The operator has an identity of its own, so that only its writes get the API server's faults.
    ApiUser operatorUser = ApiUser.create(controlPlane, OPERATOR_USER);
    String kubeconfig = operatorUser.kubeconfigYaml();
    apiProxy = FaultyTcpProxy.start("127.0.0.1", apiServerPort(kubeconfig));
    api = ApiServerFaults.start(controlPlane.client(), ApiServerFaults.byUser(operatorUser.username()));
    operators = new OperatorReplicas(kube.client(), throughProxy(kubeconfig, apiProxy.port()), dir);
    operators.start(2);
  }

  @AfterAll
  static void stopEverything() {
    // Each closed even when one before it throws: nothing of the suite may outlive it.
    List<AutoCloseable> parts = new ArrayList<>();
    parts.add(CHECKERS::shutdownNow);
    parts.add(LOGONS::shutdownNow);
    for (AutoCloseable part : new AutoCloseable[] {operators, api, apiProxy, fleet}) {
      if (part != null) {
        parts.add(part);
      }
    }
    RuntimeException failure = null;
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        failure = failure == null ? new IllegalStateException("closing the suite's parts", e) : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  void everyInvariantHoldsAfterEveryFault() throws IOException {
    Scenarios scenarios = new Scenarios(kube, fleet, Files.createDirectories(dir.resolve("keys")));
    fleet.register(kube, Person.KEY.sha256Fingerprint());
    scenarios.setUp();
    assertThat(awaitSettled(scenarios)).as("the fleet settles before any fault: %s", scenarios.unsettled()).isTrue();

    Injector injector = new Injector(fleet, operators, apiProxy, api, controlPlane::restartApiServer);
    FaultReport report = new FaultReport(SEED, FIRST);
    Instant suiteStart = Instant.now();
    int unsettledInARow = 0;
    for (int index = FIRST; index <= RUNS && unsettledInARow < GIVE_UP_AFTER_UNSETTLED; index++) {
      RunResult result = run(RunPlan.draw(SEED, index, Fleet.NAMES), scenarios, injector);
      report.add(result);
      unsettledInARow = result.recovery().equals(RECOVERY_LIMIT) ? unsettledInARow + 1 : 0;
      // Written after every run, so that a suite stopped early still leaves its figures so far.
      Files.writeString(REPORT, report.table(Duration.between(suiteStart, Instant.now())));
    }
    String table = report.table(Duration.between(suiteStart, Instant.now()));
    System.out.println(table);
    assertThat(unsettledInARow).as("gave up: %d runs in a row did not settle%n%s", unsettledInARow, table)
        .isLessThan(GIVE_UP_AFTER_UNSETTLED);
    assertThat(report.failed()).as(table).isEmpty();
    if (report.ran(Scenario.SSHD_POLICY)) {
      assertThat(Invariants.ROLLBACK_COPIES_CHECKED.get()).as("rollback copies of sshd's config checked").isPositive();
    }
  }

  private static RunResult run(RunPlan plan, Scenarios scenarios, Injector injector) {
    Map<String, Long> bootsBefore = new LinkedHashMap<>();
    Map<String, Integer> injectedBefore = new LinkedHashMap<>();
    Fleet.NAMES.forEach(name -> {
      bootsBefore.put(name, Boots.count(fleet.sandbox(name)));
      injectedBefore.put(name, injector.rebootsOf(name));
    });

    int exitedBefore = operators.exitedOnTheirOwn();
    List<String> violations = new ArrayList<>();
    Person person = null;
    try {
      scenarios.apply(plan);
      Pause.of(plan.injectAfter());
      person = injector.inject(plan);
    } catch (RuntimeException e) {
      // Recorded with the run's seed like any violation, and the suite goes on to the next run.
      violations.add("the run's work or its fault could not be done: " + e);
    }
    Instant faultOver = Instant.now();
    boolean settled = awaitSettled(scenarios);
    Duration recovery = settled ? Duration.between(faultOver, Instant.now()) : RECOVERY_LIMIT;
    if (!settled) {
      violations.add("not settled " + RECOVERY_LIMIT.toMinutes() + " minutes after the fault: "
          + scenarios.unsettled());
    }
    Instant checking = Instant.now();
    // The instances are checked side by side: each check is a handful of ssh logons.
    Map<String, CompletableFuture<List<String>>> checks = new LinkedHashMap<>();
    for (String name : Fleet.NAMES) {
      long injected = injector.rebootsOf(name) - injectedBefore.get(name);
      checks.put(name, CompletableFuture.supplyAsync(
          () -> check(plan, name, scenarios, injected, bootsBefore.get(name)), CHECKERS));
    }
    checks.forEach((name, check) -> {
      try {
        violations.addAll(check.get(CHECK_LIMIT.toSeconds(), TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException e) {
        // A check that cannot run (an instance that is not back, say) is a finding too, not the end of the suite.
        violations.add(name + ": the checks could not run: " + (e.getCause() != null ? e.getCause() : e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    int lost = 0;
    if (person != null) {
      lost = person.linesLost();
      person.undo();
    }
    scenarios.afterRun();
    int exited = operators.exitedOnTheirOwn() - exitedBefore;
    System.out.printf("fault run %d/%d: %s%n  recovered in %.1f s, checked in %.1f s,%s %d violations%s%n",
        plan.index(), RUNS, plan, recovery.toMillis() / 1000.0,
        Duration.between(checking, Instant.now()).toMillis() / 1000.0,
        exited == 0 ? "" : " " + exited + " replicas exited and were started again,", violations.size(),
        violations.isEmpty() ? "" : ": " + violations);
    return new RunResult(plan, recovery, violations, lost);
  }

  /** Every invariant on one instance, after a run. */
  private static List<String> check(RunPlan plan, String name, Scenarios scenarios, long injectedReboots,
      long bootsBefore) {
    Sandbox sandbox = fleet.sandbox(name);
    boolean offlineReset = plan.scenario() == Scenario.OFFLINE_RESET && name.equals("c");
    long booted = Boots.count(sandbox) - bootsBefore;
    // The instance's files, the admin's logon and the scenario's logons are independent: side by side.
    CompletableFuture<InstanceFiles> files = CompletableFuture.supplyAsync(
        () -> InstanceFiles.read(sandbox, Invariants.ROLLBACK_COPIES), LOGONS);
    CompletableFuture<Boolean> adminLogsOn = CompletableFuture.supplyAsync(
        () -> Ssh.asAdmin(sandbox, "true").exitCode() == 0, LOGONS);
    List<String> promised = scenarios.violationsOn(name, () -> files.join().accounts(), LOGONS);
    List<String> found = new ArrayList<>(Invariants.of(name, adminLogsOn.join(), files.join(),
        (offlineReset ? 1 : 0) + injectedReboots, booted));
    if (offlineReset && booted == 0 && scenarios.resetSucceeded()) {
      found.add(name + ": the offline reset says Succeeded, but the instance never restarted");
    }
    found.addAll(promised);
    return found;
  }

  /** Polls until the fleet has caught up, replacing replicas that ended (lost leadership ends the process). */
  private static boolean awaitSettled(Scenarios scenarios) {
    Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      operators.replaceExited();
      try {
        if (scenarios.unsettled().isEmpty()) {
          return true;
        }
      } catch (RuntimeException e) {
        // The API server may still be answering the test's own reads badly; try again.
      }
      // Polled often: the poll's granularity is part of every recovery figure (a few reads a poll).
      Pause.of(Duration.ofMillis(100));
    }
    return false;
  }

  private static int apiServerPort(String kubeconfig) {
    Matcher server = Pattern.compile("server: *\"?(https://[^\"\\s]+)").matcher(kubeconfig);
    if (!server.find()) {
      throw new IllegalStateException("no server in the kubeconfig");
    }
    return URI.create(server.group(1)).getPort();
  }

  private static String throughProxy(String kubeconfig, int port) {
    return kubeconfig.replaceAll("(server: *\"?https://[^:/\"\\s]+):\\d+", "$1:" + port);
  }
}
