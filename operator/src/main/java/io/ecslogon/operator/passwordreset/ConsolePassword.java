package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentials;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.InstancePasswords;
import java.util.Arrays;

/**
 * The password half of a Console reset: root's password handed to ECS with ModifyInstanceAttribute,
 * with the EcsInstance's ECS credentials, as the console's "Reset Instance Password" does. No SSH:
 * the password goes to ECS over HTTPS, not to the host, which is why neither a Ready instance nor
 * a pinned host key is needed, and why this works on an instance nobody can log on to. ECS applies
 * it at the next start; the restart is {@link OfflineRestart}'s.
 */
final class ConsolePassword {
  /** ECS's logon password on Linux is root's; ModifyInstanceAttribute cannot name another user. */
  static final String USER = "root";

  private final CloudCredentialsSource credentials;
  private final InstancePasswords passwords;
  private final EventRecorder events;

  ConsolePassword(CloudCredentialsSource credentials, InstancePasswords passwords, EventRecorder events) {
    this.credentials = credentials;
    this.passwords = passwords;
    this.events = events;
  }

  /**
   * Refuses, before any password is resolved, an instance ECS does not know (the username was
   * checked with the spec: only root).
   */
  static void check(EcsInstance instance) {
    if (instance.getSpec().getAlibabaCloud() == null) {
      throw ResetStopped.failed("NotAnEcsInstance", "method Console asks ECS to set the password, and EcsInstance "
          + instance.getMetadata().getName() + " has no spec.alibabaCloud (region and instance ID); use Online or"
          + " Offline");
    }
  }

  /** Sets it in ECS for the next start. Wipes the password. */
  void set(PasswordReset reset, EcsInstance instance, ResetPasswordSource.Password password) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    try {
      CloudCredentials identity = credentials.of(instance);
      passwords.setAtNextStart(identity, cloud.getRegionId(), cloud.getInstanceId(), password.value());
    } catch (CloudCredentialsSource.Unusable e) {
      throw ResetStopped.refusedUntilFixed(e.reason(), e.getMessage());
    } catch (CloudApiException e) {
      throw refusal(e);
    } finally {
      Arrays.fill(password.value(), '\0');
    }
    events.normal(reset, "PasswordSet", "handed the logon password of root to ECS for instance "
        + cloud.getInstanceId() + " (EcsInstance " + instance.getMetadata().getName() + ") with ModifyInstanceAttribute;"
        + " it takes effect when the instance restarts");
  }

  /**
   * ECS refusing the password itself ends the reset (the same password would be refused again);
   * throttling and ECS's own errors are tried again; anything else (a denied action, an unknown
   * instance) waits for a person, with one Warning.
   */
  private static ResetStopped refusal(CloudApiException e) {
    String message = "ECS did not take the password: " + e.getMessage();
    if (e.code().startsWith("InvalidPassword")) {
      return ResetStopped.failed("PasswordRejected", message);
    }
    return e.transientFailure() ? ResetStopped.waiting("CloudApiError", message)
        : ResetStopped.refusedUntilFixed("CloudApiError", message);
  }
}
