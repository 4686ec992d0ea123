package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the ECS OpenAPI (DescribeInstances) last said about an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlibabaCloudInstanceStatus {
  @JsonPropertyDescription("The instance's status in ECS: Pending, Starting, Running, Stopping or Stopped.")
  private String instanceStatus;

  @JsonPropertyDescription("The OS type ECS reports: linux or windows.")
  private String osType;

  @JsonPropertyDescription("The address the operator connects to: spec.address, or the one of"
      + " spec.alibabaCloud.addressType ECS reports.")
  private String address;

  @JsonPropertyDescription("Private IP address in the instance's VPC.")
  private String privateIpAddress;

  @JsonPropertyDescription("Public IP address, if the instance has one.")
  private String publicIpAddress;

  @JsonPropertyDescription("Elastic IP address, if one is bound.")
  private String eipAddress;

  public String getInstanceStatus() {
    return instanceStatus;
  }

  public void setInstanceStatus(String instanceStatus) {
    this.instanceStatus = instanceStatus;
  }

  public String getOsType() {
    return osType;
  }

  public void setOsType(String osType) {
    this.osType = osType;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getPrivateIpAddress() {
    return privateIpAddress;
  }

  public void setPrivateIpAddress(String privateIpAddress) {
    this.privateIpAddress = privateIpAddress;
  }

  public String getPublicIpAddress() {
    return publicIpAddress;
  }

  public void setPublicIpAddress(String publicIpAddress) {
    this.publicIpAddress = publicIpAddress;
  }

  public String getEipAddress() {
    return eipAddress;
  }

  public void setEipAddress(String eipAddress) {
    this.eipAddress = eipAddress;
  }
}
