package io.ecslogon.operator.testing;

import io.ecslogon.operator.EcsLogonOperator;
import io.ecslogon.operator.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/** The real operator, wired exactly as {@code Main} wires it, running in the test JVM. */
public final class RunningOperator implements AutoCloseable {
  private final EcsLogonOperator operator;

  private RunningOperator(EcsLogonOperator operator) {
    this.operator = operator;
  }

  /** Starts the operator with a short resync so tests see drift and recovery quickly. */
  public static RunningOperator start(KubernetesClient client, Duration resyncInterval) {
    OperatorConfig config = OperatorConfig.defaults().withResyncInterval(resyncInterval);
    EcsLogonOperator operator = EcsLogonOperator.create(client, config, Clock.systemUTC());
    operator.start();
    return new RunningOperator(operator);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
