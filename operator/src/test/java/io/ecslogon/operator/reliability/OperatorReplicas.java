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
   * SIGKILLs the leader and starts a replacement under a new name, as when the leader's pod is lost
   * with its node and the Deployment makes another: the standby has to wait for the Lease to run
   * out before it takes over. Right after a leader was killed the Lease still names it until it
   * expires, so this first waits (up to two leases) for a running leader; only if none appears is
   * any replica taken.
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

  /**
   * SIGKILLs every replica and starts each again under its own name, as the kubelet restarts a
   * crashed container in the same pod: the leader comes back with the identity the Lease names and
   * takes it again at once, without waiting for it to run out. A leader whose pod is gone for good
   * is {@link #killLeader()}.
   */
  void killAll() {
    List<String> names = List.copyOf(running.keySet());
    running.values().forEach(OperatorProcess::kill);
    running.clear();
    names.forEach(this::startAs);
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
    startAs("operator-" + (++started));
  }

  private void startAs(String name) {
    // Its own log file for each start: a replica started again under its name must not overwrite
    // the log of the one that was killed, which the secret-leak scan still reads.
    OperatorProcess process = OperatorProcess.start(kubeconfig, dir, name + "-start-" + all.size(), Map.of(
        OperatorConfig.LEADER_ELECTION, "true",
        OperatorConfig.LEADER_ELECTION_NAMESPACE, NAMESPACE,
        // A short lease: a standby takes over a killed leader in seconds, so kill runs fit CI's budget.
        OperatorConfig.LEADER_ELECTION_LEASE_DURATION, LEASE.toSeconds() + "s",
        OperatorConfig.POD_NAME, name,
        // A short floor: an instance that failed during a fault is tried again a second later, not
        // five (the wait still grows with how long it has been failing), so instance faults fit too.
        OperatorConfig.RETRY_DELAY_MIN, "1s",
        // Resynced every 5 s rather than the tests' 2 s: Enforce finds a planted key on a resync, but
        // each resync is a few dozen commands on every instance, and on two cores that load slowed
        // every other part of a run.
        OperatorConfig.RESYNC_INTERVAL, "5s",
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
