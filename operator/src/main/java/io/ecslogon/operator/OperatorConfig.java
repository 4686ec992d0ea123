package io.ecslogon.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings read once at start-up from the environment (the Helm chart sets them). Nothing here is
 * secret, so {@link #toString()} is safe to log.
 *
 * @param watchNamespaces namespaces to watch; empty means all namespaces
 * @param resyncInterval how often a healthy object is reconciled again to find drift
 * @param sshConnectTimeout TCP connect and SSH handshake timeout
 * @param sshCommandTimeout how long one command on an instance may take
 * @param sshIdleTimeout an instance's connection is closed after this long unused
 * @param maxParallelReconciles how many objects are reconciled at once (work on one instance is
 *     serialised regardless)
 * @param leaderElection whether replicas elect one leader through a Lease, and how
 * @param metricsPort port of the HTTP server for /metrics, /healthz and /readyz; 0 picks a free
 *     one, -1 turns it off
 */
public record OperatorConfig(Set<String> watchNamespaces, Duration resyncInterval, Duration sshConnectTimeout,
    Duration sshCommandTimeout, Duration sshIdleTimeout, int maxParallelReconciles, LeaderElection leaderElection,
    int metricsPort) {

  public static final String WATCH_NAMESPACES = "ECSLOGON_WATCH_NAMESPACES";
  public static final String RESYNC_INTERVAL = "ECSLOGON_RESYNC_INTERVAL";
  public static final String SSH_CONNECT_TIMEOUT = "ECSLOGON_SSH_CONNECT_TIMEOUT";
  public static final String SSH_COMMAND_TIMEOUT = "ECSLOGON_SSH_COMMAND_TIMEOUT";
  public static final String SSH_IDLE_TIMEOUT = "ECSLOGON_SSH_IDLE_TIMEOUT";
  public static final String MAX_PARALLEL_RECONCILES = "ECSLOGON_MAX_PARALLEL_RECONCILES";
  public static final String LEADER_ELECTION = "ECSLOGON_LEADER_ELECTION";
  public static final String LEADER_ELECTION_NAMESPACE = "ECSLOGON_LEADER_ELECTION_NAMESPACE";
  public static final String POD_NAME = "POD_NAME";
  public static final String METRICS_PORT = "ECSLOGON_METRICS_PORT";

  /**
   * Leader election through the Lease {@value #LEASE_NAME}: one replica reconciles, the others wait
   * and take over when its lease runs out.
   *
   * @param exitOnLoss end the process when leadership is lost (so two leaders never reconcile at
   *     once); tests that run two operators in one JVM turn it off
   */
  public record LeaderElection(boolean enabled, String namespace, String identity, Duration leaseDuration,
      Duration renewDeadline, Duration retryPeriod, boolean exitOnLoss) {
    public static final String LEASE_NAME = "ecs-logon-operator-leader";

    public static LeaderElection disabled() {
      return new LeaderElection(false, null, null, Duration.ofSeconds(15), Duration.ofSeconds(10),
          Duration.ofSeconds(2), true);
    }
  }

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        namespaces(env.getOrDefault(WATCH_NAMESPACES, "")),
        duration(env, RESYNC_INTERVAL, "5m"),
        duration(env, SSH_CONNECT_TIMEOUT, "10s"),
        duration(env, SSH_COMMAND_TIMEOUT, "60s"),
        duration(env, SSH_IDLE_TIMEOUT, "15m"),
        Integer.parseInt(env.getOrDefault(MAX_PARALLEL_RECONCILES, "10")),
        Boolean.parseBoolean(env.getOrDefault(LEADER_ELECTION, "false"))
            ? new LeaderElection(true, env.get(LEADER_ELECTION_NAMESPACE), env.get(POD_NAME), Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2), true)
            : LeaderElection.disabled(),
        Integer.parseInt(env.getOrDefault(METRICS_PORT, "8080")));
  }

  public OperatorConfig withResyncInterval(Duration interval) {
    return new OperatorConfig(watchNamespaces, interval, sshConnectTimeout, sshCommandTimeout, sshIdleTimeout,
        maxParallelReconciles, leaderElection, metricsPort);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(namespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshIdleTimeout,
        maxParallelReconciles, leaderElection, metricsPort);
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshIdleTimeout,
        maxParallelReconciles, election, metricsPort);
  }

  public OperatorConfig withMetricsPort(int port) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshIdleTimeout,
        maxParallelReconciles, leaderElection, port);
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  private static Set<String> namespaces(String list) {
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    try {
      return GoDuration.parse(env.getOrDefault(name, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
