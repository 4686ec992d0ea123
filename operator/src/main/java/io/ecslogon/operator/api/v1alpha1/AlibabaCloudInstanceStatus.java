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

  @JsonPropertyDescription("SHA256 fingerprint of the instance's SSH host key as Cloud Assistant read it on the"
      + " instance (zero-touch onboarding): pinned, since the cloud API vouches for it.")
  private String hostKeyFingerprint;

  @JsonPropertyDescription("SHA256 fingerprint of the key the operator made for itself and installed through Cloud"
      + " Assistant (zero-touch onboarding).")
  private String operatorKeyFingerprint;

  @JsonPropertyDescription("uid of the Secret holding the operator's own key: a Secret of that name with another uid"
      + " is not used.")
  private String operatorKeySecretUid;

  @JsonPropertyDescription("The instance ID and admin user the operator's own key was installed for (instanceId/user):"
      + " installed again when either changes.")
  private String operatorKeyInstalledFor;

  @JsonPropertyDescription("When the operator's own key was made (RFC 3339): it is replaced"
      + " spec.alibabaCloud.operatorKeyRotationInterval later.")
  private String operatorKeyCreatedAt;

  @JsonPropertyDescription("SHA256 fingerprint of the key replacing the operator's own key, while it is installed and"
      + " proven; empty otherwise.")
  private String operatorKeyNextFingerprint;

  @JsonPropertyDescription("The public half of the operator's previous own key, replaced by a rotation, until it"
      + " has been removed from the admin user's authorized_keys; empty otherwise.")
  private String operatorKeyRetiringPublicKey;

  public String getOperatorKeyCreatedAt() {
    return operatorKeyCreatedAt;
  }

  public void setOperatorKeyCreatedAt(String operatorKeyCreatedAt) {
    this.operatorKeyCreatedAt = operatorKeyCreatedAt;
  }

  public String getOperatorKeyNextFingerprint() {
    return operatorKeyNextFingerprint;
  }

  public void setOperatorKeyNextFingerprint(String operatorKeyNextFingerprint) {
    this.operatorKeyNextFingerprint = operatorKeyNextFingerprint;
  }

  public String getOperatorKeyRetiringPublicKey() {
    return operatorKeyRetiringPublicKey;
  }

  public void setOperatorKeyRetiringPublicKey(String operatorKeyRetiringPublicKey) {
    this.operatorKeyRetiringPublicKey = operatorKeyRetiringPublicKey;
  }

  @JsonPropertyDescription("The key pair ECS reports bound to the instance (DescribeInstances KeyPairName), if any.")
  private String keyPairName;

  @JsonPropertyDescription("With spec.alibabaCloud.keyPairRef: the key pair the operator attached, and whether the"
      + " restart that puts it into effect has happened.")
  private AlibabaCloudKeyPairAttachment keyPairAttachment;

  public String getKeyPairName() {
    return keyPairName;
  }

  public void setKeyPairName(String keyPairName) {
    this.keyPairName = keyPairName;
  }

  public AlibabaCloudKeyPairAttachment getKeyPairAttachment() {
    return keyPairAttachment;
  }

  public void setKeyPairAttachment(AlibabaCloudKeyPairAttachment keyPairAttachment) {
    this.keyPairAttachment = keyPairAttachment;
  }

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

  public String getHostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  public void setHostKeyFingerprint(String hostKeyFingerprint) {
    this.hostKeyFingerprint = hostKeyFingerprint;
  }

  public String getOperatorKeyFingerprint() {
    return operatorKeyFingerprint;
  }

  public void setOperatorKeyFingerprint(String operatorKeyFingerprint) {
    this.operatorKeyFingerprint = operatorKeyFingerprint;
  }

  public String getOperatorKeySecretUid() {
    return operatorKeySecretUid;
  }

  public void setOperatorKeySecretUid(String operatorKeySecretUid) {
    this.operatorKeySecretUid = operatorKeySecretUid;
  }

  public String getOperatorKeyInstalledFor() {
    return operatorKeyInstalledFor;
  }

  public void setOperatorKeyInstalledFor(String operatorKeyInstalledFor) {
    this.operatorKeyInstalledFor = operatorKeyInstalledFor;
  }
}
