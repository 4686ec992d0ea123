package io.ecslogon.operator.reliability;

import io.ecslogon.operator.OperatorConfig;
import io.ecslogon.operator.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator as a Deployment of two replicas would run it: separate processes from the shipped
 * jar, electing a leader through the Lease, so that a SIGKILL is a real crash and a standby is
 * really waiting. Every process ever started keeps its log for the secret-leak scan.
 */
final class OperatorReplicas implements AutoCloseable {
  private static final String NAMESPACE = "default";
  private static final Duration LEASE = Duration.ofSeconds(6);

  private final KubernetesClient client;
  private final String kubeconfig;
  private final Path dir;
  private final Map<String, OperatorProcess> running = new LinkedHashMap<>();
  private final List<OperatorProcess> all = new ArrayList<>();
  private int started;
  private int exitedOnTheirOwn;

  OperatorReplicas(KubernetesClient client, String kubeconfig, Path dir) {
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.dir = dir;
  }

  void start(int replicas) {
    for (int i = 0; i < replicas; i++) {
      startOne();
    }
  }

  /** The holder of the Lease, if a replica holds it. */
  Optional<String> leader() {
    Lease lease = client.leases().inNamespace(NAMESPACE)
        .withName(OperatorConfig.LeaderElection.LEASE_NAME).get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity()).filter(running::containsKey);
  }

  /**
   * SIGKILLs the leader and starts a replacement. Right after replicas were killed the Lease still
   * names a dead one until it expires, so this first waits (up to a lease and a half) for a running
   * leader; only if none appears is any replica taken.
   */
  void killLeader() {
    Instant deadline = Instant.now().plus(LEASE.multipliedBy(2));
    Optional<String> leader = leader();
    while (leader.isEmpty() && Instant.now().isBefore(deadline)) {
      Pause.of(Duration.ofMillis(250));
      replaceExited();
      leader = leader();
    }
    String victim = leader.orElse(running.keySet().iterator().next());
    running.remove(victim).kill();
    startOne();
  }

  /** SIGKILLs every replica, then starts as many again. */
  void killAll() {
    int count = running.size();
    running.values().forEach(OperatorProcess::kill);
    running.clear();
    start(count);
  }

  /** Replicas that died on their own (leadership lost ends the process, as in a pod) are replaced. */
  void replaceExited() {
    List<String> exited = running.entrySet().stream().filter(e -> !e.getValue().isAlive()).map(Map.Entry::getKey)
        .toList();
    exited.forEach(name -> {
      running.remove(name);
      exitedOnTheirOwn++;
      startOne();
    });
  }

  /** Replicas that ended without being killed (a leader that lost its Lease exits), so far. */
  int exitedOnTheirOwn() {
    return exitedOnTheirOwn;
  }

  String logs() {
    StringBuilder logs = new StringBuilder();
    all.forEach(process -> logs.append(process.log()).append('\n'));
    return logs.toString();
  }

  private void startOne() {
    String name = "operator-" + (++started);
    OperatorProcess process = OperatorProcess.start(kubeconfig, dir, name, Map.of(
        OperatorConfig.LEADER_ELECTION, "true",
        OperatorConfig.LEADER_ELECTION_NAMESPACE, NAMESPACE,
        // A short lease: a standby takes over a killed leader in seconds, so kill runs fit CI's budget.
        OperatorConfig.LEADER_ELECTION_LEASE_DURATION, LEASE.toSeconds() + "s",
        OperatorConfig.POD_NAME, name,
        // A short floor: an instance that failed during a fault is tried again a second later, not
        // five (the wait still grows with how long it has been failing), so instance faults fit too.
        OperatorConfig.RETRY_DELAY_MIN, "1s",
        OperatorConfig.SSH_COMMAND_TIMEOUT, "20s",
        OperatorConfig.SSH_CONNECT_TIMEOUT, "5s"));
    running.put(name, process);
    all.add(process);
  }

  @Override
  public void close() {
    running.values().forEach(OperatorProcess::kill);
    running.clear();
  }
}
