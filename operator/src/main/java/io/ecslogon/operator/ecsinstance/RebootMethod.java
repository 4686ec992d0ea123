package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.Reboot;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.InstancePower;

/**
 * How a restart the restart component decided on is carried out: through ECS's RebootInstance for
 * an instance with spec.alibabaCloud (the console's Restart, which needs no logon and so also works
 * when SSH does not), otherwise with the instance's own reboot over SSH.
 */
final class RebootMethod {
  /** A restart that could not even be asked for; the record stays, and it is asked again later. */
  static final class NotAsked extends RuntimeException {
    NotAsked(String message) {
      super(message);
    }
  }

  private final CloudCredentialsSource credentials;
  private final InstancePower power;

  RebootMethod(CloudCredentialsSource credentials, InstancePower power) {
    this.credentials = credentials;
    this.power = power;
  }

  static boolean worksWithoutShell(EcsInstance instance) {
    return instance.getSpec().getAlibabaCloud() != null;
  }

  /**
   * Asks for the restart; says how, for Events.
   *
   * @param shell a logged-on shell, or null when SSH is down (then only the cloud can restart it)
   * @throws NotAsked when the cloud refused or could not be asked
   */
  String reboot(EcsInstance instance, RemoteShell shell) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    if (cloud == null) {
      return Reboot.schedule(shell);
    }
    boolean forceStop = Boolean.TRUE.equals(cloud.getForceStop());
    try {
      power.reboot(credentials.of(instance), cloud.getRegionId(), cloud.getInstanceId(), forceStop);
    } catch (CloudApiException | CloudCredentialsSource.Unusable e) {
      throw new NotAsked("ECS RebootInstance of " + cloud.getInstanceId() + " was not carried out: " + e.getMessage());
    }
    return "ECS RebootInstance" + (forceStop ? " (ForceStop)" : "");
  }
}
