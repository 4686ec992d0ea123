package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.HostUnreachableException;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.host.linux.LinuxPasswords;
import io.ecslogon.operator.host.linux.PasswordLogins;
import io.ecslogon.operator.host.sshd.SshdConfigChange;
import java.util.Arrays;
import java.util.Optional;

/**
 * The work on the instance: optionally turn sshd password logins on (the ECS console's "SSH
 * Password Authentication"), through the same checked path as spec.sshd and before the password
 * changes, so a refused sshd change leaves the old password in place; then chpasswd, the password
 * on stdin. Enable promises a password login, so it is judged before the password changes (the
 * user's effective sshd settings, Match blocks included: Debian's PermitRootLogin
 * prohibit-password refuses root's password whatever PasswordAuthentication says) and proven after
 * it with a real login that must meet the trusted host key.
 */
final class PasswordSetter {
  private final InstanceAccess instances;
  private final EventRecorder events;

  PasswordSetter(InstanceAccess instances, EventRecorder events) {
    this.instances = instances;
    this.events = events;
  }

  /**
   * What happened: {@code bootId} is null when the password was not set; {@code login} is null
   * when password logins were not asked for.
   */
  record Outcome(String bootId, PasswordLogin login) {
    boolean passwordSet() {
      return bootId != null;
    }
  }

  /** The reason of a PasswordLogin that could not be tried: sshd gave no answer at all. */
  static final String NOT_TRIED = "NotTried";

  /** Whether {@code username} can log on with the password, and if not which setting or login refused it. */
  record PasswordLogin(boolean works, String reason, String message) {
    /** No answer from sshd, so nothing is known about the password: the login is to be tried again. */
    boolean notTried() {
      return NOT_TRIED.equals(reason);
    }
  }

  /** Sets the password unless sshd would refuse the login that Enable promises. Wipes the password. */
  Outcome set(PasswordReset reset, EcsInstance instance, String username, ResetPasswordSource.Password password,
      boolean enablePasswordLogins) {
    try {
      if (enablePasswordLogins) {
        enablePasswordLogins(reset, instance);
        Optional<String> refusal = instances.withInstance(instance,
            shell -> PasswordLogins.refusal(HostFactsReader.readSshdFor(shell, username), username));
        if (refusal.isPresent()) {
          return new Outcome(null, new PasswordLogin(false, "RefusedBySshd", "sshd refuses password logins as "
              + username + ": " + refusal.get()));
        }
      }
      String bootId = instances.withInstance(instance, shell -> {
        if (!shell.run(Command.of("getent", "passwd", username)).succeeded()) {
          throw ResetStopped.failed("UserNotFound", "user " + username + " does not exist on EcsInstance "
              + instance.getMetadata().getName() + "; a PasswordReset sets passwords, LogonUser creates users");
        }
        new LinuxPasswords(shell).set(username, password.value());
        events.normal(reset, "PasswordSet", "set the password of " + username + " on EcsInstance "
            + instance.getMetadata().getName() + " with chpasswd");
        return HostFactsReader.bootId(shell);
      });
      if (!enablePasswordLogins) {
        return new Outcome(bootId, null);
      }
      return new Outcome(bootId, login(instance, username, password.value()));
    } finally {
      Arrays.fill(password.value(), '\0');
    }
  }

  /** The login alone, for a password set on an earlier pass whose login could not be tried then. Wipes the password. */
  PasswordLogin prove(EcsInstance instance, String username, ResetPasswordSource.Password password) {
    try {
      return login(instance, username, password.value());
    } finally {
      Arrays.fill(password.value(), '\0');
    }
  }

  private PasswordLogin login(EcsInstance instance, String username, char[] password) {
    try {
      Optional<String> problem = instances.passwordLoginProblem(instance, username, password);
      return problem.isEmpty()
          ? new PasswordLogin(true, "Proven", "a fresh password login as " + username + " with the new password"
              + " succeeded (trusted host key)")
          : new PasswordLogin(false, "LoginFailed", problem.get());
    } catch (HostUnreachableException e) {
      return new PasswordLogin(false, NOT_TRIED, "no password login as " + username + " could be tried: "
          + e.getMessage());
    }
  }

  private void enablePasswordLogins(PasswordReset reset, EcsInstance instance) {
    var declared = instance.getSpec().getSshd();
    if (declared != null && Boolean.FALSE.equals(declared.getPasswordAuthentication())) {
      throw ResetStopped.failed("ConflictsWithInstancePolicy", "sshPasswordAuthentication: Enable, but EcsInstance "
          + instance.getMetadata().getName() + " declares sshd.passwordAuthentication: false, which the operator"
          + " would restore; change the instance's policy instead. The password was not changed");
    }
    SshdConfigChange.Result result = instances.enablePasswordAuthentication(instance);
    switch (result.outcome()) {
      case UNCHANGED -> { }
      case APPLIED -> events.normal(reset, "SshdChanged", "enabled sshd password logins on EcsInstance "
          + instance.getMetadata().getName() + ": " + result.message());
      default -> throw ResetStopped.failed("SshdNotChanged", "enabling sshd password logins failed, so the"
          + " password was not changed: " + result.message());
    }
  }
}
