package io.ecslogon.operator;

import io.ecslogon.operator.compliance.ComplianceMetrics;
import io.ecslogon.operator.ecsinstance.EcsInstanceDependencies;
import io.ecslogon.operator.ecsinstance.EcsInstanceReconciler;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.HostConnectionPool;
import io.ecslogon.operator.host.HostMetrics;
import io.ecslogon.operator.host.HostResolver;
import io.ecslogon.operator.host.SshConnector;
import io.ecslogon.operator.keypair.KeyGenerations;
import io.ecslogon.operator.keypair.KeyPairDependencies;
import io.ecslogon.operator.keypair.KeyPairReconciler;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.logonuser.LogonUserDependencies;
import io.ecslogon.operator.logonuser.LogonUserReconciler;
import io.ecslogon.operator.logonuser.UsersOnInstances;
import io.ecslogon.operator.observability.HealthServer;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.passwordreset.PasswordResetDependencies;
import io.ecslogon.operator.passwordreset.PasswordResetReconciler;
import io.ecslogon.operator.provider.alibabacloud.CloudAssistant;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.EcsClients;
import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs;
import io.ecslogon.operator.provider.alibabacloud.EcsRequests;
import io.ecslogon.operator.provider.alibabacloud.InstanceDirectory;
import io.ecslogon.operator.provider.alibabacloud.InstancePasswords;
import io.ecslogon.operator.provider.alibabacloud.InstancePower;
import io.ecslogon.operator.secrets.SecretReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Wires the operator: one place that builds the collaborators and registers every reconciler, used
 * by {@link Main} and by the integration tests, so tests run exactly what ships.
 */
public final class EcsLogonOperator {
  private final Operator operator;
  private final HostConnectionPool connections;
  private final KeyGenerations generations;
  private final PrometheusMeterRegistry registry;
  private final int metricsPort;
  private HealthServer health;

  private EcsLogonOperator(Operator operator, HostConnectionPool connections, KeyGenerations generations,
      PrometheusMeterRegistry registry, int metricsPort) {
    this.operator = operator;
    this.connections = connections;
    this.generations = generations;
    this.registry = registry;
    this.metricsPort = metricsPort;
  }

  public static EcsLogonOperator create(KubernetesClient client, OperatorConfig config, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = new Operator(overrider -> {
      overrider
          .withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withConcurrentReconciliationThreads(config.maxParallelReconciles())
          // Per controller, not per object: one series per resource kind keeps the label set bounded.
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (config.leaderElection().enabled()) {
        overrider.withLeaderElectionConfiguration(leaderElection(config.leaderElection()));
      }
    });
    HostMetrics hostMetrics = new HostMetrics(registry);
    SshConnector connector = new SshConnector(config.sshConnectTimeout(), config.sshCommandLimits(), hostMetrics,
        config.allowedDestinations(), HostResolver.SYSTEM);
    HostConnectionPool connections = new HostConnectionPool(connector, clock, config.sshIdleTimeout());
    EventRecorder events = new EventRecorder(client, clock);
    SecretReader secrets = new SecretReader(client);

    // One SDK client cache and one request budget per region and credentials for every kind that calls ECS.
    EcsClients ecsClients = new EcsClients(config.alibabaCloud());
    EcsRequests ecsRequests = new EcsRequests(config.alibabaCloud().requestsPerSecond());
    CloudCredentialsSource cloudCredentials = new CloudCredentialsSource(secrets, config.alibabaCloud());

    FreshLogin freshLogin = new FreshLogin(connector, Duration.ofMillis(300), Duration.ofSeconds(10));
    InstanceDirectory cloudInstances = new InstanceDirectory(ecsClients, ecsRequests, clock);
    EcsKeyPairs ecsKeyPairs = new EcsKeyPairs(ecsClients, ecsRequests, cloudInstances);
    register(operator, config, new EcsInstanceReconciler(new EcsInstanceDependencies(client, secrets, connections,
        freshLogin, config.sshCommandTimeout(), events, hostMetrics, clock, config.resyncInterval(), config.minRetryDelay(),
        OperatorConfig.LONGEST_RETRY_DELAY,
        Duration.ofMinutes(3), new UsersOnInstances(client, events), new ComplianceMetrics(registry),
        cloudInstances, new InstancePower(ecsClients, ecsRequests, cloudInstances),
        new CloudAssistant(ecsClients, ecsRequests, Duration.ofSeconds(1)), cloudCredentials, ecsKeyPairs)));
    InstanceAccess instances = new InstanceAccess(secrets, connections, freshLogin);
    KeyGenerations generations = new KeyGenerations(new SshKeyGenerator(new SecureRandom()),
        Executors.newFixedThreadPool(2, daemonThreads("keygen")));
    register(operator, config, new KeyPairReconciler(new KeyPairDependencies(client, secrets, generations, events,
        clock, config.resyncInterval(), ecsKeyPairs, cloudCredentials)));
    register(operator, config, new LogonUserReconciler(new LogonUserDependencies(client, events, clock,
        config.resyncInterval())));
    register(operator, config, new PasswordResetReconciler(new PasswordResetDependencies(client, instances,
        new PasswordGenerator(new SecureRandom()), events, clock, new InstancePasswords(ecsClients, ecsRequests),
        cloudCredentials)));
    return new EcsLogonOperator(operator, connections, generations, registry, config.metricsPort());
  }

  private static io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration leaderElection(
      OperatorConfig.LeaderElection election) {
    LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder
        .aLeaderElectionConfiguration(OperatorConfig.LeaderElection.LEASE_NAME)
        .withLeaseDuration(election.leaseDuration())
        .withRenewDeadline(election.renewDeadline())
        .withRetryPeriod(election.retryPeriod())
        .withExitOnStopLeading(election.exitOnLoss());
    if (election.namespace() != null && !election.namespace().isBlank()) {
      builder.withLeaseNamespace(election.namespace());
    }
    if (election.identity() != null && !election.identity().isBlank()) {
      builder.withIdentity(election.identity());
    }
    return builder.build();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static <R extends HasMetadata> void register(Operator operator,
      OperatorConfig config, Reconciler<R> reconciler) {
    Consumer<ControllerConfigurationOverrider<R>> namespaces = config.watchesAllNamespaces()
        ? ControllerConfigurationOverrider::watchingAllNamespaces
        : overrider -> overrider.settingNamespaces(config.watchNamespaces());
    operator.register(reconciler, namespaces::accept);
  }

  /** Starts the health and metrics server first (so liveness answers while informers sync), then the operator. */
  public void start() {
    if (metricsPort >= 0) {
      health = HealthServer.start(metricsPort, registry,
          () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    }
    operator.start();
  }

  /** The port /metrics, /healthz and /readyz answer on, or -1 when the server is off. */
  public int metricsPort() {
    return health == null ? -1 : health.port();
  }

  public void stop() {
    operator.stop();
    connections.close();
    generations.close();
    if (health != null) {
      health.close();
    }
  }
}
