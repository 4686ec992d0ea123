package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where an instance lives in Alibaba Cloud, for the ECS OpenAPI. */
public class AlibabaCloudInstance {
  @Required
  @Pattern("^[a-z]{2}(-[a-z0-9]+)+$")
  @JsonPropertyDescription("Region ID, for example cn-hangzhou.")
  private String regionId;

  @Required
  @Pattern("^i-[a-z0-9]{8,32}$")
  @JsonPropertyDescription("ECS instance ID, for example i-bp67acfmxazb4ph1234.")
  private String instanceId;

  @Required
  @JsonPropertyDescription("Secret with the RAM AccessKey (keys accessKeyId and accessKeySecret).")
  private SecretReference credentialsSecretRef;

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

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }
}
