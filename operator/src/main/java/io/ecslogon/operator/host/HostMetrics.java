package io.ecslogon.operator.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * What the operator does on instances, as metrics: SSH connects and commands with their outcome
 * and latency, and restarts. Tags are bounded (an outcome word, a program name such as "chpasswd"
 * or "sh"), never an argument, so no secret and no unbounded label set can reach them.
 */
public class HostMetrics {
  private final MeterRegistry registry;

  public HostMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics kept nowhere, for code that runs without an operator (benchmarks, unit tests). */
  public static HostMetrics none() {
    return new HostMetrics(new SimpleMeterRegistry());
  }

  public void connected(Duration took, String outcome) {
    Timer.builder("ecslogon.ssh.connect").description("SSH connects (TCP, host key check, authentication)")
        .tag("outcome", outcome).register(registry).record(took);
  }

  public void commandRan(String program, Duration took, String outcome) {
    Timer.builder("ecslogon.ssh.command").description("Commands run on instances")
        .tag("program", program).tag("outcome", outcome).register(registry).record(took);
  }

  public void restartRequested() {
    registry.counter("ecslogon.instance.restarts").increment();
  }
}
