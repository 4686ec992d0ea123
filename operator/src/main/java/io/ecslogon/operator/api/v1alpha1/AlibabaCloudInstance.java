package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Where an instance lives in Alibaba Cloud, for the ECS OpenAPI. */
@ValidationRule(value = "!has(self.operatorKeyRotationInterval) || (duration(self.operatorKeyRotationInterval) >= duration('"
    + KeyRotation.MIN_INTERVAL + "') && duration(self.operatorKeyRotationInterval) <= duration('" + KeyRotation.MAX_INTERVAL
    + "'))", message = "operatorKeyRotationInterval must be between " + KeyRotation.MIN_INTERVAL + " and "
    + KeyRotation.MAX_INTERVAL + " (10 years)")
public class AlibabaCloudInstance {
  /** The operator's own key lives a month unless told otherwise. */
  public static final String DEFAULT_OPERATOR_KEY_ROTATION_INTERVAL = "720h";

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

  @Default(DEFAULT_OPERATOR_KEY_ROTATION_INTERVAL)
  @Pattern(ApiGroup.DURATION_PATTERN)
  @JsonPropertyDescription("How long the key the operator makes for itself (zero-touch onboarding, no admin Secret)"
      + " is used before it is replaced: a new key is installed through Cloud Assistant, proven by a fresh login,"
      + " and only then the old one removed. Between 1h and 87600h; defaults to 720h.")
  private String operatorKeyRotationInterval = DEFAULT_OPERATOR_KEY_ROTATION_INTERVAL;

  public String getOperatorKeyRotationInterval() {
    return operatorKeyRotationInterval;
  }

  public void setOperatorKeyRotationInterval(String operatorKeyRotationInterval) {
    this.operatorKeyRotationInterval = operatorKeyRotationInterval;
  }

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
