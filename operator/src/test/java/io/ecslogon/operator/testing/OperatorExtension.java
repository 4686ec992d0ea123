package io.ecslogon.operator.testing;

import io.ecslogon.operator.EcsLogonOperator;
import io.ecslogon.operator.OperatorConfig;
import io.ecslogon.operator.testing.ecs.EcsEmulator;
import io.ecslogon.operator.testing.leaks.SecretLeakScan;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real operator, wired exactly as {@code Main} wires it, running in the test JVM against a
 * {@link ControlPlaneExtension}. Register it after the control plane (extensions in static fields
 * start in declaration order). Ends the class with a {@link SecretLeakScan}. (JUnit actually
 * orders static extension fields by a hash of their names: "controlPlane" comes before
 * "operator", so the API server is still up for the scan, but "sandboxes" may already be gone,
 * which is why the scan reads them through SandboxExtension.beforeDestroy.)
 */
public final class OperatorExtension implements BeforeAllCallback, AfterAllCallback {
  private final ControlPlaneExtension controlPlane;
  private final Duration resyncInterval;
  private final Clock clock;
  private final UnaryOperator<OperatorConfig> configured;
  private EcsLogonOperator operator;
  private SecretLeakScan leakScan;

  /** A short resync lets tests see drift and recovery quickly. */
  public OperatorExtension(ControlPlaneExtension controlPlane, Duration resyncInterval) {
    this(controlPlane, resyncInterval, Clock.systemUTC());
  }

  /** With a clock the test controls (see {@link AdjustableClock}). */
  public OperatorExtension(ControlPlaneExtension controlPlane, Duration resyncInterval, Clock clock) {
    this(controlPlane, resyncInterval, clock, UnaryOperator.identity());
  }

  /** With settings of its own (a short command deadline, say) on top of the defaults. */
  public OperatorExtension(ControlPlaneExtension controlPlane, Duration resyncInterval,
      UnaryOperator<OperatorConfig> configured) {
    this(controlPlane, resyncInterval, Clock.systemUTC(), configured);
  }

  /** Talking to the local ECS emulator (plain HTTP) for every region. */
  public static OperatorExtension againstEcsEmulator(ControlPlaneExtension controlPlane, Duration resyncInterval,
      EcsEmulator ecs) {
    return new OperatorExtension(controlPlane, resyncInterval,
        config -> config.withAlibabaCloud(config.alibabaCloud().withEndpoint(ecs.endpoint(), "HTTP")));
  }

  /** With both: a clock the test moves and settings of its own. */
  public OperatorExtension(ControlPlaneExtension controlPlane, Duration resyncInterval, Clock clock,
      UnaryOperator<OperatorConfig> configured) {
    this.controlPlane = controlPlane;
    this.resyncInterval = resyncInterval;
    this.clock = clock;
    this.configured = configured;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    leakScan = SecretLeakScan.start(controlPlane.client(), context);
    startOperator();
  }

  /**
   * Stops the operator, runs {@code whileStopped}, and starts a new one: for a test that sets up the
   * state a stopped operator leaves on an instance, with no visit racing the set-up.
   */
  public void restartAfter(Runnable whileStopped) {
    leakScan.readMetrics(operator.metricsPort());
    operator.stop();
    operator = null;
    try {
      whileStopped.run();
    } finally {
      startOperator();
    }
  }

  private void startOperator() {
    OperatorConfig config = configured.apply(
        OperatorConfig.defaults().withResyncInterval(resyncInterval).withMetricsPort(0));
    operator = EcsLogonOperator.create(controlPlane.client(), config, clock);
    operator.start();
  }

  /** The operator stops, then the secret-leak scan searches what it left (and fails the class on a hit). */
  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      leakScan.readMetrics(operator.metricsPort());
      operator.stop();
    }
    if (leakScan != null) {
      leakScan.finish(context);
    }
  }
}
