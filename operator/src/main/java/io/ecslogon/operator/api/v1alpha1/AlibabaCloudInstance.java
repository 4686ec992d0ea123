package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where an instance lives in Alibaba Cloud, for the ECS OpenAPI. */
public class AlibabaCloudInstance {
  /** Region IDs such as cn-hangzhou or ap-southeast-1; shared by every kind that names a region. */
  public static final String REGION_ID_PATTERN = "^[a-z]{2}(-[a-z0-9]+)+$";

  @Required
  @Pattern(REGION_ID_PATTERN)
  @JsonPropertyDescription("Region ID, for example cn-hangzhou.")
  private String regionId;

  @Required
  @Pattern("^i-[a-z0-9]{8,32}$")
  @JsonPropertyDescription("ECS instance ID, for example i-bp67acfmxazb4ph1234.")
  private String instanceId;

  @JsonPropertyDescription("Secret with a RAM AccessKey (keys accessKeyId and accessKeySecret) or STS credentials"
      + " (also securityToken), labelled ecslogon.io/usage=alibaba-cloud-credentials. When empty, the operator's"
      + " own identity is used: the SDK's default chain (ALIBABA_CLOUD_* environment variables, ACK RRSA/OIDC, the"
      + " ECS RAM role of the node). See docs/alibaba-cloud.md.")
  private SecretReference credentialsSecretRef;

  @Default("PrivateIp")
  @JsonPropertyDescription("Which address ECS reports the operator connects to when spec.address is empty:"
      + " PrivateIp (VPC, the default), PublicIp or Eip.")
  private AlibabaCloudAddressType addressType = AlibabaCloudAddressType.PrivateIp;

  @JsonPropertyDescription("Opt-in: a KeyPair of this namespace, registered in ECS in the same region (its"
      + " spec.alibabaCloud, RegisteredInEcs True), to bind to the instance with ECS's AttachKeyPair. ECS then"
      + " replaces root's authorized_keys with that key and turns password logins off at the next start, so the"
      + " operator asks for a restart through spec.restartPolicy (the KeyPairAttached condition says how far it got)."
      + " Refused when the operator's own logon would not survive it: a password admin, or adminUser root whose key"
      + " is not this key pair's. When empty, the operator attaches and detaches nothing. See docs/alibaba-cloud.md.")
  private KeyPairReference keyPairRef;

  public KeyPairReference getKeyPairRef() {
    return keyPairRef;
  }

  public void setKeyPairRef(KeyPairReference keyPairRef) {
    this.keyPairRef = keyPairRef;
  }

  public String getRegionId() {
    return regionId;
  }

  public void setRegionId(String regionId) {
    this.regionId = regionId;
  }

  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  @JsonPropertyDescription("Whether a restart through ECS (RebootInstance) may force the instance off when it does"
      + " not shut down in time (ECS's ForceStop: like pulling the plug, data not yet on disk may be lost)."
      + " Defaults to false.")
  private Boolean forceStop;

  public Boolean getForceStop() {
    return forceStop;
  }

  public void setForceStop(Boolean forceStop) {
    this.forceStop = forceStop;
  }

  public AlibabaCloudAddressType getAddressType() {
    return addressType;
  }

  public void setAddressType(AlibabaCloudAddressType addressType) {
    this.addressType = addressType;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
