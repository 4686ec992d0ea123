package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudAssistant;
import io.ecslogon.operator.provider.alibabacloud.CloudAssistantShell;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentials;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import java.time.Duration;
import java.util.Optional;

/**
 * The way to an instance when SSH has no route there: its shell through Cloud Assistant, for an
 * instance with spec.alibabaCloud whose agent is online. Empty otherwise, and the visit reports
 * the instance unreachable as before.
 */
final class CloudShells {
  private final CloudCredentialsSource credentials;
  private final CloudAssistant assistant;
  /** Per command, as for SSH commands (ECSLOGON_SSH_COMMAND_TIMEOUT): the same work, another way there. */
  private final Duration commandTimeout;

  CloudShells(CloudCredentialsSource credentials, CloudAssistant assistant, Duration commandTimeout) {
    this.credentials = credentials;
    this.assistant = assistant;
    this.commandTimeout = commandTimeout;
  }

  Optional<RemoteShell> shellFor(EcsInstance instance) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    if (cloud == null) {
      return Optional.empty();
    }
    try {
      CloudCredentials identity = credentials.of(instance);
      if (!assistant.agentRunning(identity, cloud.getRegionId(), cloud.getInstanceId())) {
        return Optional.empty();
      }
      return Optional.of(new CloudAssistantShell(assistant, identity, cloud.getRegionId(), cloud.getInstanceId(),
          commandTimeout));
    } catch (CloudApiException | CloudCredentialsSource.Unusable e) {
      return Optional.empty();
    }
  }
}
