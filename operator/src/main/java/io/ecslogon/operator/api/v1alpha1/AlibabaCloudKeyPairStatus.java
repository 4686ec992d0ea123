package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The key pair this operator registered in ECS for a KeyPair: what its deletion removes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlibabaCloudKeyPairStatus {
  @JsonPropertyDescription("Name of the key pair the operator registered in ECS.")
  private String keyPairName;

  @JsonPropertyDescription("Region it is registered in.")
  private String regionId;

  @JsonPropertyDescription("The fingerprint ECS reports for it (MD5, as ECS returns it).")
  private String fingerprint;

  @JsonPropertyDescription("SHA256 fingerprint of the public key registered: when it differs from status.fingerprint,"
      + " the key was rotated and is imported again under the same name.")
  private String registeredPublicKeyFingerprint;

  public String getKeyPairName() {
    return keyPairName;
  }

  public void setKeyPairName(String keyPairName) {
    this.keyPairName = keyPairName;
  }

  public String getRegionId() {
    return regionId;
  }

  public void setRegionId(String regionId) {
    this.regionId = regionId;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getRegisteredPublicKeyFingerprint() {
    return registeredPublicKeyFingerprint;
  }

  public void setRegisteredPublicKeyFingerprint(String registeredPublicKeyFingerprint) {
    this.registeredPublicKeyFingerprint = registeredPublicKeyFingerprint;
  }
}
