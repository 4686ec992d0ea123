package io.ecslogon.operator;

import io.ecslogon.operator.host.AllowedDestinations;
import io.ecslogon.operator.host.CommandLimits;
import io.ecslogon.operator.provider.alibabacloud.AlibabaCloudSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Settings read once at start-up from the environment (the Helm chart sets them). Nothing here is
 * secret, so {@link #toString()} is safe to log.
 *
 * @param watchNamespaces namespaces to watch; empty means all namespaces
 * @param resyncInterval how often a healthy object is reconciled again to find drift
 * @param sshConnectTimeout TCP connect and SSH handshake timeout
 * @param sshCommandTimeout how long one command on an instance may take, enforced while its output
 *     is read
 * @param sshMaxOutput the most bytes read from one command's stdout, and from its stderr
 * @param sshIdleTimeout an instance's connection is closed after this long unused
 * @param minRetryDelay the shortest wait before a failing instance is visited again (the wait is
 *     otherwise how long it has been failing, up to 5 minutes)
 * @param maxParallelReconciles how many objects are reconciled at once: also how many instances are
 *     visited at once, each visit doing all of its instance's work (which stays serialised under
 *     its host's lock); SSH work waits on the network, not the CPU
 * @param leaderElection whether replicas elect one leader through a Lease, and how
 * @param metricsPort port of the HTTP server for /metrics, /healthz and /readyz; 0 picks a free
 *     one, -1 turns it off
 * @param allowedDestinations the addresses and ports instances may have; the operator connects
 *     nowhere else (unset: anywhere, as before the setting existed)
 * @param alibabaCloud how the ECS OpenAPI is reached (endpoint, protocol, request budget)
 */
public record OperatorConfig(Set<String> watchNamespaces, Duration resyncInterval, Duration sshConnectTimeout,
    Duration sshCommandTimeout, int sshMaxOutput, Duration sshIdleTimeout, Duration minRetryDelay,
    int maxParallelReconciles,
    LeaderElection leaderElection, int metricsPort, AllowedDestinations allowedDestinations,
    AlibabaCloudSettings alibabaCloud) {

  public static final String WATCH_NAMESPACES = "ECSLOGON_WATCH_NAMESPACES";
  public static final String RESYNC_INTERVAL = "ECSLOGON_RESYNC_INTERVAL";
  public static final String SSH_CONNECT_TIMEOUT = "ECSLOGON_SSH_CONNECT_TIMEOUT";
  public static final String SSH_COMMAND_TIMEOUT = "ECSLOGON_SSH_COMMAND_TIMEOUT";
  public static final String SSH_MAX_OUTPUT = "ECSLOGON_SSH_MAX_OUTPUT";
  public static final String SSH_IDLE_TIMEOUT = "ECSLOGON_SSH_IDLE_TIMEOUT";
  public static final String RETRY_DELAY_MIN = "ECSLOGON_RETRY_DELAY_MIN";
  private static final Duration SHORTEST_RETRY_DELAY = Duration.ofSeconds(1);
  /** The longest wait before a failing instance is visited again: also the most its floor may be. */
  public static final Duration LONGEST_RETRY_DELAY = Duration.ofMinutes(5);
  public static final String MAX_PARALLEL_RECONCILES = "ECSLOGON_MAX_PARALLEL_RECONCILES";
  public static final String LEADER_ELECTION = "ECSLOGON_LEADER_ELECTION";
  public static final String LEADER_ELECTION_NAMESPACE = "ECSLOGON_LEADER_ELECTION_NAMESPACE";
  public static final String LEADER_ELECTION_LEASE_DURATION = "ECSLOGON_LEADER_ELECTION_LEASE_DURATION";
  public static final String POD_NAME = "POD_NAME";
  public static final String METRICS_PORT = "ECSLOGON_METRICS_PORT";
  public static final String ALLOWED_ADDRESSES = AllowedDestinations.ADDRESSES_SETTING;
  public static final String ALLOWED_PORTS = AllowedDestinations.PORTS_SETTING;

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

    private static final Duration MIN_LEASE = Duration.ofSeconds(3);
    private static final Duration MAX_LEASE = Duration.ofMinutes(5);

    public static LeaderElection disabled() {
      return new LeaderElection(false, null, null, Duration.ofSeconds(15), Duration.ofSeconds(10),
          Duration.ofSeconds(2), true);
    }

    /**
     * Enabled, with the renew deadline and retry period in the proportions of controller-runtime's
     * defaults (15 s, 10 s, 2 s): a shorter lease lets a standby take over sooner after the leader
     * died, at the price of more Lease writes.
     */
    public static LeaderElection enabled(String namespace, String identity, Duration leaseDuration) {
      if (leaseDuration.compareTo(MIN_LEASE) < 0 || leaseDuration.compareTo(MAX_LEASE) > 0) {
        throw new IllegalArgumentException(LEADER_ELECTION_LEASE_DURATION + ": " + leaseDuration.toMillis()
            + " ms is outside " + MIN_LEASE.toSeconds() + "s to " + MAX_LEASE.toMinutes() + "m");
      }
      return new LeaderElection(true, namespace, identity, leaseDuration,
          leaseDuration.multipliedBy(2).dividedBy(3), leaseDuration.dividedBy(15).multipliedBy(2), true);
    }
  }

  private static final Pattern BYTE_SIZE = Pattern.compile("([0-9]{1,10})(Ki|Mi|Gi)?");
  private static final long MIN_OUTPUT = 64 << 10;
  private static final long MAX_OUTPUT = 512 << 20;

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
        byteSize(env, SSH_MAX_OUTPUT, "4Mi"),
        duration(env, SSH_IDLE_TIMEOUT, "15m"),
        minRetryDelay(duration(env, RETRY_DELAY_MIN, "5s")),
        Integer.parseInt(env.getOrDefault(MAX_PARALLEL_RECONCILES, "32")),
        Boolean.parseBoolean(env.getOrDefault(LEADER_ELECTION, "false"))
            ? LeaderElection.enabled(env.get(LEADER_ELECTION_NAMESPACE), env.get(POD_NAME),
                duration(env, LEADER_ELECTION_LEASE_DURATION, "15s"))
            : LeaderElection.disabled(),
        Integer.parseInt(env.getOrDefault(METRICS_PORT, "8080")),
        AllowedDestinations.parse(env.get(ALLOWED_ADDRESSES), env.get(ALLOWED_PORTS)),
        AlibabaCloudSettings.fromEnvironment(env));
  }

  /** 1 s to 5 minutes: shorter would visit a host that is down several times a second. */
  private static Duration minRetryDelay(Duration delay) {
    if (delay.compareTo(SHORTEST_RETRY_DELAY) < 0 || delay.compareTo(LONGEST_RETRY_DELAY) > 0) {
      throw new IllegalArgumentException(RETRY_DELAY_MIN + ": " + delay.toMillis() + " ms is not between 1s and 5m");
    }
    return delay;
  }

  public OperatorConfig withResyncInterval(Duration interval) {
    return new OperatorConfig(watchNamespaces, interval, sshConnectTimeout, sshCommandTimeout, sshMaxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, leaderElection, metricsPort, allowedDestinations,
        alibabaCloud);
  }

  public OperatorConfig withWatchNamespaces(Set<String> namespaces) {
    return new OperatorConfig(namespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshMaxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, leaderElection, metricsPort, allowedDestinations,
        alibabaCloud);
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshMaxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, election, metricsPort, allowedDestinations,
        alibabaCloud);
  }

  public OperatorConfig withMetricsPort(int port) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshMaxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, leaderElection, port, allowedDestinations,
        alibabaCloud);
  }

  public OperatorConfig withSshCommandLimits(Duration commandTimeout, int maxOutput) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, commandTimeout, maxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, leaderElection, metricsPort, allowedDestinations,
        alibabaCloud);
  }

  public OperatorConfig withAllowedDestinations(AllowedDestinations allowed) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshMaxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, leaderElection, metricsPort, allowed,
        alibabaCloud);
  }

  public OperatorConfig withAlibabaCloud(AlibabaCloudSettings settings) {
    return new OperatorConfig(watchNamespaces, resyncInterval, sshConnectTimeout, sshCommandTimeout, sshMaxOutput,
        sshIdleTimeout, minRetryDelay, maxParallelReconciles, leaderElection, metricsPort, allowedDestinations, settings);
  }

  /** What one command on an instance may cost: its deadline and its output limit. */
  public CommandLimits sshCommandLimits() {
    return new CommandLimits(sshCommandTimeout, sshMaxOutput);
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

  /** Bytes, optionally with a binary suffix as in Kubernetes quantities: 4Mi, 512Ki, 1048576. */
  private static int byteSize(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback).strip();
    Matcher parts = BYTE_SIZE.matcher(value);
    long bytes = parts.matches() ? Long.parseLong(parts.group(1)) << shift(parts.group(2)) : -1;
    if (bytes < MIN_OUTPUT || bytes > MAX_OUTPUT) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a size from 64Ki to 512Mi"
          + " (bytes, or a number with Ki, Mi or Gi)");
    }
    return (int) bytes;
  }

  private static int shift(String binarySuffix) {
    if (binarySuffix == null) {
      return 0;
    }
    return switch (binarySuffix) {
      case "Ki" -> 10;
      case "Mi" -> 20;
      default -> 30;
    };
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    try {
      return GoDuration.parse(env.getOrDefault(name, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
