package io.ecslogon.operator.reliability;

import io.ecslogon.operator.testing.faults.ApiServerFaults;
import io.ecslogon.operator.testing.faults.FaultyTcpProxy;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * Does a run's fault to the real parts, holds it, and ends it. Returns when the fault is over:
 * from then on the operator has to recover on its own.
 */
final class Injector {
  private static final Duration SLOW_ANSWER = Duration.ofMillis(1500);
  private static final long TRUNCATE_AFTER_BYTES = 300;

  private final Fleet fleet;
  private final OperatorReplicas operators;
  private final FaultyTcpProxy apiProxy;
  private final ApiServerFaults api;
  private final Consumer<Duration> apiServerRestart;
  private final Map<String, Integer> reboots = new HashMap<>();

  /** @param apiServerRestart stops kube-apiserver, waits the given time, starts it again and returns when it is ready */
  Injector(Fleet fleet, OperatorReplicas operators, FaultyTcpProxy apiProxy, ApiServerFaults api,
      Consumer<Duration> apiServerRestart) {
    this.fleet = fleet;
    this.apiServerRestart = apiServerRestart;
    this.operators = operators;
    this.apiProxy = apiProxy;
    this.api = api;
  }

  /** Does the fault; a person's edits are returned so that the run can count what survived. */
  Person inject(RunPlan plan) {
    Sandbox target = fleet.sandbox(plan.target());
    FaultyTcpProxy ssh = fleet.proxy(plan.target());
    Duration hold = plan.hold();
    switch (plan.fault()) {
      case OPERATOR_KILL -> operators.killAll();
      case LEADER_KILL -> operators.killLeader();
      case INSTANCE_REBOOT -> {
        long boots = Boots.count(target);
        target.reboot();
        reboots.merge(plan.target(), 1, Integer::sum);
        // A reboot is over when the instance is back, as a real one comes back by itself.
        Awaitility.await("reboot of " + plan.target()).atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200)).until(() -> Boots.count(target) > boots);
        target.start();
      }
      case SSHD_STOPPED -> {
        target.exec("/etc/init.d/ssh", "stop");
        Pause.of(hold);
        // After a reboot in the meantime (an offline reset) sshd already runs: start is then a no-op.
        target.exec("/etc/init.d/ssh", "start");
      }
      case CONNECTION_DROP -> ssh.dropAll();
      case CONNECTION_STALL -> {
        ssh.stallFor(hold);
        Pause.of(hold);
      }
      case CONNECTION_TRUNCATE -> {
        ssh.truncateAfter(TRUNCATE_AFTER_BYTES);
        Pause.of(hold);
        ssh.pass();
      }
      case DISK_FULL -> {
        DiskFiller disk = new DiskFiller(target);
        disk.fill();
        try {
          Pause.of(hold);
        } finally {
          disk.empty();
        }
      }
      case API_DOWN -> {
        apiProxy.down();
        Pause.of(hold);
        apiProxy.up();
      }
      // Returns once the API server is ready again: the operator's informers and the Lease still
      // have to find it, which is the recovery measured.
      case API_RESTART -> apiServerRestart.accept(hold);
      case API_CONFLICT -> {
        api.conflictFor(hold);
        Pause.of(hold);
      }
      case API_ERROR -> {
        api.errorFor(hold);
        Pause.of(hold);
      }
      case API_SLOW -> {
        api.slowFor(hold, SLOW_ANSWER);
        Pause.of(hold);
      }
      case PERSON_EDIT -> {
        Person person = new Person(target);
        person.workFor(hold, plan.index());
        return person;
      }
    }
    return null;
  }

  /** Reboots this injector caused on an instance so far (restarts the operator did not ask for). */
  int rebootsOf(String instance) {
    return reboots.getOrDefault(instance, 0);
  }
}
