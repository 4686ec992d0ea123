package io.ecslogon.operator.provider.alibabacloud;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudAddressType;
import java.util.Optional;

/**
 * What DescribeInstances says about one instance. Addresses are null where ECS reports none, and so is
 * {@code keyPairName} where no key pair is bound.
 */
public record CloudInstance(String instanceId, String regionId, String status, String osType, String privateIp,
    String publicIp, String eip, String keyPairName) {
  public static final String RUNNING = "Running";

  public boolean running() {
    return RUNNING.equals(status);
  }

  public Optional<String> address(AlibabaCloudAddressType type) {
    String address = switch (type == null ? AlibabaCloudAddressType.PrivateIp : type) {
      case PrivateIp -> privateIp;
      case PublicIp -> publicIp;
      case Eip -> eip;
    };
    return Optional.ofNullable(address).filter(value -> !value.isBlank());
  }
}
