package io.ecslogon.operator.reliability;

import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.SecretSamples;
import io.ecslogon.operator.testing.StatusConditions;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.ExecResult;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checks made after every run, on the instances themselves (never through the operator's
 * own view): the operator can log on, the files are whole, no account is doubled, no instance
 * restarted more than asked. What a scenario promised is checked by {@link Scenarios#violationsOn(String)}.
 */
final class Invariants {
  /** The copies the operator keeps for a rollback (host/sshd/SshdPaths: the file it wrote, plus .ecslogon-previous). */
  private static final List<String> ROLLBACK_COPIES = List.of("/etc/ssh/sshd_config.ecslogon-previous",
      "/etc/ssh/sshd_config.d/00-ecs-logon-operator.conf.ecslogon-previous");

  /** How many rollback copies were checked: a suite that changed sshd and checked none checked nothing. */
  static final AtomicInteger ROLLBACK_COPIES_CHECKED = new AtomicInteger();

  private Invariants() {}

  static List<String> of(Sandbox sandbox, String name, long restartsAllowed, long restarts) {
    List<String> violations = new ArrayList<>();
    if (Ssh.asAdmin(sandbox, "true").exitCode() != 0) {
      violations.add(name + ": the operator's admin key no longer logs on");
    }
    ExecResult sshdTest = sandbox.exec("/usr/sbin/sshd", "-t");
    if (sshdTest.exitCode() != 0) {
      violations.add(name + ": sshd -t fails: " + sshdTest.stderr().strip());
    }
    violations.addAll(rollbackCopies(name, sandbox));
    ExecResult sudoers = sandbox.exec("/usr/sbin/visudo", "-c", "-q");
    if (sudoers.exitCode() != 0) {
      violations.add(name + ": visudo -c fails: " + sudoers.stdout().strip() + sudoers.stderr().strip());
    }
    violations.addAll(duplicates(name, sandbox));
    if (restarts > restartsAllowed) {
      violations.add(name + ": restarted " + restarts + " times, at most " + restartsAllowed + " expected");
    }
    return violations;
  }

  static int logsOn(Sandbox sandbox, String user, Path privateKey) {
    return Ssh.run(sandbox, user, privateKey, "true").exitCode();
  }

  static List<String> accounts(Sandbox sandbox) {
    return passwd(sandbox).stream().map(fields -> fields[0]).toList();
  }

  /**
   * Each rollback copy the operator kept (the file before its last change, sshd_config for a main
   * file change, its drop-in otherwise) is a whole config: sshd -t passes with it in its place.
   */
  private static List<String> rollbackCopies(String name, Sandbox sandbox) {
    List<String> violations = new ArrayList<>();
    for (String copy : ROLLBACK_COPIES) {
      if (sandbox.exec("test", "-e", copy).exitCode() != 0) {
        continue;
      }
      ROLLBACK_COPIES_CHECKED.incrementAndGet();
      String check = copy.startsWith("/etc/ssh/sshd_config.d/")
          // A drop-in copy is checked where it would go back: a main file that includes only it.
          ? "printf 'Include %s\\n' \"$1\" > /run/ecslogon-check.conf && /usr/sbin/sshd -t -f /run/ecslogon-check.conf"
          : "/usr/sbin/sshd -t -f \"$1\"";
      ExecResult result = sandbox.exec("/bin/sh", "-c", check, "sh", copy);
      if (result.exitCode() != 0) {
        violations.add(name + ": the rollback copy " + copy + " does not pass sshd -t: " + result.stderr().strip());
      }
    }
    return violations;
  }

  /**
   * The suite's resets are all valid requests for an existing user, so a fault may delay one but
   * never end it: Failed is a violation whatever its reason (the 500-run's SecretConflict was one,
   * and an invariant that accepted any reason would have passed it). Succeeded must have set a
   * password that logs on.
   */
  static List<String> resetSucceeded(TestKube kube, Sandbox sandbox, String resetName, String user) {
    PasswordReset reset = kube.get(PasswordReset.class, resetName);
    if (reset.getStatus().getPhase() == ResetPhase.Failed) {
      String reason = StatusConditions.reasonOf(reset, "Failed");
      return List.of(resetName + ": Failed (" + (reason == null || reason.isEmpty() ? "no reason" : reason)
          + "), though the request was valid and only a fault stood in its way");
    }
    Secret secret = kube.client().secrets().inNamespace("default").withName(reset.getStatus().getSecretName()).get();
    if (secret == null) {
      return List.of(resetName + ": Succeeded, but its password Secret is gone");
    }
    String password = SecretSamples.decode(secret.getData().get("password"));
    return Ssh.passwordLogin(sandbox, user, password) ? List.of()
        : List.of(resetName + ": Succeeded, but its password does not log on");
  }

  private static List<String> duplicates(String name, Sandbox sandbox) {
    List<String> violations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> uids = new HashSet<>();
    for (String[] fields : passwd(sandbox)) {
      if (!names.add(fields[0])) {
        violations.add(name + ": account " + fields[0] + " is in /etc/passwd twice");
      }
      if (!uids.add(fields[2])) {
        violations.add(name + ": uid " + fields[2] + " (" + fields[0] + ") is used twice");
      }
    }
    return violations;
  }

  private static List<String[]> passwd(Sandbox sandbox) {
    return Arrays.stream(sandbox.exec("cat", "/etc/passwd").orThrow("read /etc/passwd").stdout().split("\n"))
        .filter(line -> !line.isBlank()).map(line -> line.split(":")).toList();
  }
}
