package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentials;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.CloudInstance;
import io.ecslogon.operator.provider.alibabacloud.InstanceDirectory;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Asks ECS about an instance with spec.alibabaCloud before anything is sent over SSH: whether it
 * exists, whether it runs, and which address to connect to. Anything that stops the visit is a
 * {@link NotVisitable} with the reason to report; an instance ECS says is not running is never
 * contacted over SSH.
 */
final class CloudLookup {
  private final CloudCredentialsSource credentials;
  private final InstanceDirectory directory;

  CloudLookup(CloudCredentialsSource credentials, InstanceDirectory directory) {
    this.credentials = credentials;
    this.directory = directory;
  }

  /** Why a visit stops before SSH: the condition reason and a message with no secret in it. */
  static final class NotVisitable extends RuntimeException {
    private final String reason;
    private final transient CloudInstance seen;

    NotVisitable(String reason, String message) {
      this(reason, message, null);
    }

    NotVisitable(String reason, String message, CloudInstance seen) {
      super(message);
      this.reason = reason;
      this.seen = seen;
    }

    String reason() {
      return reason;
    }

    /** What ECS said, when it knows the instance. */
    Optional<CloudInstance> seen() {
      return Optional.ofNullable(seen);
    }
  }

  /** ECS's record of a running instance, and the address to use. */
  record Found(CloudInstance instance, String address) {}

  /**
   * @param known every EcsInstance the controller's cache holds: the IDs of those in the same region
   *     with the same credentials are looked up in the same call
   */
  Found find(EcsInstance instance, Collection<EcsInstance> known) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    CloudCredentials identity = credentials(instance);
    CloudInstance found;
    try {
      found = directory.describe(identity, cloud.getRegionId(), cloud.getInstanceId(), batchOf(instance, known))
          .orElseThrow(() -> new NotVisitable(Reason.INSTANCE_NOT_FOUND, "ECS has no instance " + cloud.getInstanceId()
              + " in region " + cloud.getRegionId() + " for these credentials"));
    } catch (CloudApiException e) {
      throw new NotVisitable(Reason.CLOUD_API_ERROR, "asking ECS about " + cloud.getInstanceId() + ": " + e.getMessage());
    }
    if (!found.running()) {
      throw new NotVisitable("Instance" + found.status(), "ECS reports " + cloud.getInstanceId() + " " + found.status()
          + "; it is visited over SSH once it is Running", found);
    }
    String address = instance.getSpec().getAddress() != null ? instance.getSpec().getAddress()
        : found.address(cloud.getAddressType()).orElseThrow(() -> new NotVisitable(Reason.NO_ADDRESS, "ECS reports no "
            + cloud.getAddressType() + " address for " + cloud.getInstanceId() + "; pick another"
            + " spec.alibabaCloud.addressType or set spec.address", found));
    return new Found(found, address);
  }

  private CloudCredentials credentials(EcsInstance instance) {
    try {
      return credentials.of(instance);
    } catch (CloudCredentialsSource.Unusable e) {
      throw new NotVisitable(e.reason(), e.getMessage());
    }
  }

  /** The instance IDs fetched with this one: same region, same credentials Secret (or both the operator's own). */
  private static Set<String> batchOf(EcsInstance instance, Collection<EcsInstance> known) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    return known.stream()
        .filter(other -> other.getSpec() != null && other.getSpec().getAlibabaCloud() != null)
        .filter(other -> sameCredentials(instance, other))
        .map(other -> other.getSpec().getAlibabaCloud())
        .filter(other -> cloud.getRegionId().equals(other.getRegionId()) && other.getInstanceId() != null)
        .map(AlibabaCloudInstance::getInstanceId)
        .collect(Collectors.toSet());
  }

  private static boolean sameCredentials(EcsInstance one, EcsInstance other) {
    var mine = one.getSpec().getAlibabaCloud().getCredentialsSecretRef();
    var theirs = other.getSpec().getAlibabaCloud().getCredentialsSecretRef();
    if (mine == null || theirs == null) {
      return mine == theirs;
    }
    return Objects.equals(one.getMetadata().getNamespace(), other.getMetadata().getNamespace())
        && Objects.equals(mine.getName(), theirs.getName());
  }
}
