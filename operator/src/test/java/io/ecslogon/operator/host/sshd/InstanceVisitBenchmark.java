package io.ecslogon.operator.host.sshd;

import io.ecslogon.operator.host.CommandLimits;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.HostMetrics;
import io.ecslogon.operator.host.SshConnection;
import io.ecslogon.operator.host.SshConnector;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.lockout.AdminAccess;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * What one EcsInstance visit costs against a real sshd: a connect, the first sshd change (sshd -t,
 * install, reload, fresh login), and steady-state visits (facts + sshd check, nothing written) over
 * the pooled connection: milliseconds, SSH commands and bytes allocated per visit. A benchmark, not
 * a test: it prints figures and asserts nothing. Run it with hack/bench-visit.sh.
 */
public final class InstanceVisitBenchmark {
  private InstanceVisitBenchmark() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    char[] key = Files.readString(Path.of(args[1])).toCharArray();
    String hostKey = args[2];
    int visits = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SshConnector connector = new SshConnector(Duration.ofSeconds(10), new CommandLimits(Duration.ofSeconds(60), 4 << 20),
        new HostMetrics(registry));
    SshTarget target = new SshTarget("127.0.0.1", port, "root", new Credentials.PrivateKey(key, null), hostKey);
    SshdDirectives policy = new SshdDirectives(Map.of(SshdDirectives.PASSWORD_AUTHENTICATION, "no",
        SshdDirectives.PERMIT_ROOT_LOGIN, "prohibit-password"));
    AdminAccess self = AdminAccess.of(target);
    FreshLogin freshLogin = new FreshLogin(connector, Duration.ofMillis(300), Duration.ofSeconds(10));

    long connectStart = System.nanoTime();
    try (SshConnection connection = connector.connect(target)) {
      double connectMs = millis(System.nanoTime() - connectStart);
      long changeStart = System.nanoTime();
      SshdConfigChange.Result first = new SshdConfigChange(connection).converge(policy, self,
          () -> freshLogin.problem(target));
      double changeMs = millis(System.nanoTime() - changeStart);

      for (int i = 0; i < 20; i++) {
        visit(connection, policy, self);
      }
      long commandsBefore = commands(registry);
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long thread = Thread.currentThread().getId();
      long allocatedBefore = threads.getThreadAllocatedBytes(thread);
      double[] each = new double[visits];
      for (int i = 0; i < visits; i++) {
        long start = System.nanoTime();
        visit(connection, policy, self);
        each[i] = millis(System.nanoTime() - start);
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
      double commandsPerVisit = (commands(registry) - commandsBefore) / (double) visits;
      Arrays.sort(each);

      System.out.printf("connect (TCP + host key + ed25519 auth):        %8.1f ms%n", connectMs);
      System.out.printf("first sshd change (%s):     %8.1f ms (sshd -t, install, reload, fresh login)%n",
          first.outcome(), changeMs);
      System.out.printf("steady-state visit, %d visits: mean %.1f ms, p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
          visits, Arrays.stream(each).average().orElse(0), each[visits / 2], each[(int) (visits * 0.95)],
          each[visits - 1]);
      System.out.printf("SSH commands per steady-state visit:            %8.1f%n", commandsPerVisit);
      System.out.printf("KiB allocated per steady-state visit:           %8.1f%n", allocated / 1024.0 / visits);
      System.out.printf("one instance, one connection: %.0f visits/s; at a 5 min resync that is %.0f instances%n",
          1000 / (Arrays.stream(each).average().orElse(1)), 300_000 / Arrays.stream(each).average().orElse(1));
    }
  }

  private static void visit(SshConnection connection, SshdDirectives policy, AdminAccess self) {
    HostFactsReader.read(connection);
    SshdConfigChange.Result result = new SshdConfigChange(connection).converge(policy, self, () -> {
      throw new IllegalStateException("a steady-state visit must not reload sshd");
    });
    if (result.outcome() != SshdConfigChange.Outcome.UNCHANGED) {
      throw new IllegalStateException("steady state changed something: " + result.message());
    }
  }

  private static long commands(SimpleMeterRegistry registry) {
    return registry.find("ecslogon.ssh.command").timers().stream().mapToLong(Timer::count).sum();
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
