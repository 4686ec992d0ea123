package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where a KeyPair's public key is registered in Alibaba Cloud, so the ECS console and APIs can use it. */
public class AlibabaCloudKeyPair {
  /**
   * ECS's ImportKeyPair rules: 2-128 characters, a letter first, then letters, digits and . _ - :.
   * No '/' is allowed, so a name starting with http:// or https:// (which ECS refuses) cannot match.
   */
  public static final String KEY_PAIR_NAME_PATTERN = "^\\p{L}[\\p{L}\\p{N}._:-]{1,127}$";

  @Required
  @Pattern(AlibabaCloudInstance.REGION_ID_PATTERN)
  @JsonPropertyDescription("Region ID the key pair is registered in, for example cn-hangzhou. ECS key pairs are per region.")
  private String regionId;

  @Pattern(KEY_PAIR_NAME_PATTERN)
  @JsonPropertyDescription("Name of the key pair in ECS: 2-128 characters, starting with a letter, then letters,"
      + " digits, '.', '_', '-' or ':' (so never http:// or https://). Defaults to <namespace>-<name> of the KeyPair."
      + " A name ECS already holds for a key pair this operator did not register is refused (NameTaken), never replaced.")
  private String keyPairName;

  @JsonPropertyDescription("Secret with a RAM AccessKey (keys accessKeyId and accessKeySecret) or STS credentials"
      + " (also securityToken), labelled ecslogon.io/usage=alibaba-cloud-credentials. When empty, the operator's"
      + " own identity is used: the SDK's default chain. See docs/alibaba-cloud.md.")
  private SecretReference credentialsSecretRef;

  public String getRegionId() {
    return regionId;
  }

  public void setRegionId(String regionId) {
    this.regionId = regionId;
  }

  public String getKeyPairName() {
    return keyPairName;
  }

  public void setKeyPairName(String keyPairName) {
    this.keyPairName = keyPairName;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
