package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.host.linux.LinuxPasswords;
import io.ecslogon.operator.host.sshd.SshdConfigChange;
import java.util.Arrays;

/**
 * The work on the instance: optionally turn sshd password logins on (the ECS console's "SSH
 * Password Authentication"), through the same checked path as spec.sshd and before the password
 * changes, so a refused sshd change leaves the old password in place; then chpasswd, the password
 * on stdin.
 */
final class PasswordSetter {
  private final InstanceAccess instances;
  private final EventRecorder events;

  PasswordSetter(InstanceAccess instances, EventRecorder events) {
    this.instances = instances;
    this.events = events;
  }

  /** Sets the password; returns the instance's boot ID at that moment. Wipes the password. */
  String set(PasswordReset reset, EcsInstance instance, String username, ResetPasswordSource.Password password,
      boolean enablePasswordLogins) {
    try {
      if (enablePasswordLogins) {
        enablePasswordLogins(reset, instance);
      }
      return instances.withInstance(instance, shell -> {
        if (!shell.run(Command.of("getent", "passwd", username)).succeeded()) {
          throw ResetStopped.failed("UserNotFound", "user " + username + " does not exist on EcsInstance "
              + instance.getMetadata().getName() + "; a PasswordReset sets passwords, LogonUser creates users");
        }
        new LinuxPasswords(shell).set(username, password.value());
        events.normal(reset, "PasswordSet", "set the password of " + username + " on EcsInstance "
            + instance.getMetadata().getName() + " with chpasswd");
        return HostFactsReader.bootId(shell);
      });
    } finally {
      Arrays.fill(password.value(), '\0');
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
