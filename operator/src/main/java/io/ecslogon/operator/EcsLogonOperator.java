package io.ecslogon.operator;

import io.ecslogon.operator.ecsinstance.EcsInstanceDependencies;
import io.ecslogon.operator.ecsinstance.EcsInstanceReconciler;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.HostConnectionPool;
import io.ecslogon.operator.host.SshConnector;
import io.ecslogon.operator.keypair.KeyGenerations;
import io.ecslogon.operator.keypair.KeyPairDependencies;
import io.ecslogon.operator.keypair.KeyPairReconciler;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.logonuser.LogonUserDependencies;
import io.ecslogon.operator.logonuser.LogonUserReconciler;
import io.ecslogon.operator.passwordreset.PasswordResetDependencies;
import io.ecslogon.operator.passwordreset.PasswordResetReconciler;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.secrets.SecretReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
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

  private EcsLogonOperator(Operator operator, HostConnectionPool connections, KeyGenerations generations) {
    this.operator = operator;
    this.connections = connections;
    this.generations = generations;
  }

  public static EcsLogonOperator create(KubernetesClient client, OperatorConfig config, Clock clock) {
    Operator operator = new Operator(overrider -> overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(config.maxParallelReconciles()));
    SshConnector connector = new SshConnector(config.sshConnectTimeout(), config.sshCommandTimeout());
    HostConnectionPool connections = new HostConnectionPool(connector, clock, config.sshIdleTimeout());
    EventRecorder events = new EventRecorder(client, clock);
    SecretReader secrets = new SecretReader(client);

    FreshLogin freshLogin = new FreshLogin(connector, Duration.ofMillis(300), Duration.ofSeconds(10));
    register(operator, config, new EcsInstanceReconciler(new EcsInstanceDependencies(client, secrets, connections,
        freshLogin, events, clock, config.resyncInterval(), Duration.ofSeconds(5), Duration.ofMinutes(5),
        Duration.ofMinutes(3))));
    InstanceAccess instances = new InstanceAccess(secrets, connections, freshLogin);
    KeyGenerations generations = new KeyGenerations(new SshKeyGenerator(new SecureRandom()),
        Executors.newFixedThreadPool(2, daemonThreads("keygen")));
    register(operator, config, new KeyPairReconciler(new KeyPairDependencies(client, secrets, generations, events,
        clock, config.resyncInterval())));
    register(operator, config, new LogonUserReconciler(new LogonUserDependencies(client,
        instances, events, clock, config.resyncInterval())));
    register(operator, config, new PasswordResetReconciler(new PasswordResetDependencies(client, instances,
        new PasswordGenerator(new SecureRandom()), events, clock)));
    return new EcsLogonOperator(operator, connections, generations);
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

  public void start() {
    operator.start();
  }

  public void stop() {
    operator.stop();
    connections.close();
    generations.close();
  }
}
