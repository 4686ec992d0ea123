package io.ecslogon.operator.reliability;

import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.SecretSamples;
import io.ecslogon.operator.testing.StatusConditions;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.Ssh;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
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
  static final List<String> ROLLBACK_COPIES = List.of("/etc/ssh/sshd_config.ecslogon-previous",
      "/etc/ssh/sshd_config.d/00-ecs-logon-operator.conf.ecslogon-previous");

  /** How many rollback copies were checked: a suite that changed sshd and checked none checked nothing. */
  static final AtomicInteger ROLLBACK_COPIES_CHECKED = new AtomicInteger();

  private Invariants() {}

  static List<String> of(String name, boolean adminLogsOn, InstanceFiles files, long restartsAllowed, long restarts) {
    List<String> violations = new ArrayList<>();
    if (!adminLogsOn) {
      violations.add(name + ": the operator's admin key no longer logs on");
    }
    if (!files.sshd().passed()) {
      violations.add(name + ": sshd -t fails: " + files.sshd().output());
    }
    // Each rollback copy the operator kept (the file before its last change, sshd_config for a
    // main file change, its drop-in otherwise) is a whole config: sshd -t passes with it in its place.
    files.rollbackCopies().forEach((copy, check) -> {
      ROLLBACK_COPIES_CHECKED.incrementAndGet();
      if (!check.passed()) {
        violations.add(name + ": the rollback copy " + copy + " does not pass sshd -t: " + check.output());
      }
    });
    if (!files.sudoers().passed()) {
      violations.add(name + ": visudo -c fails: " + files.sudoers().output());
    }
    violations.addAll(duplicates(name, files));
    if (restarts > restartsAllowed) {
      violations.add(name + ": restarted " + restarts + " times, at most " + restartsAllowed + " expected");
    }
    return violations;
  }

  static int logsOn(Sandbox sandbox, String user, Path privateKey) {
    return Ssh.run(sandbox, user, privateKey, "true").exitCode();
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

  private static List<String> duplicates(String name, InstanceFiles files) {
    List<String> violations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> uids = new HashSet<>();
    for (String[] fields : files.passwd()) {
      if (!names.add(fields[0])) {
        violations.add(name + ": account " + fields[0] + " is in /etc/passwd twice");
      }
      if (!uids.add(fields[2])) {
        violations.add(name + ": uid " + fields[2] + " (" + fields[0] + ") is used twice");
      }
    }
    return violations;
  }
}
