package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A key pair the operator attached to an instance with ECS's AttachKeyPair (spec.alibabaCloud.keyPairRef),
 * recorded before the call, and the restart that puts it into effect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlibabaCloudKeyPairAttachment {
  @JsonPropertyDescription("Name of the key pair in ECS.")
  private String keyPairName;

  @JsonPropertyDescription("The KeyPair it was registered by.")
  private String keyPair;

  @JsonPropertyDescription("SHA256 fingerprint of the public key ECS holds under that name: the key root logs on"
      + " with once it is in effect.")
  private String fingerprint;

  @JsonPropertyDescription("When the operator asked ECS to attach it (RFC 3339).")
  private String attachedAt;

  @JsonPropertyDescription("Boot ID when it was attached: a start under another boot ID puts it into effect.")
  private String bootIdBefore;

  @JsonPropertyDescription("ID of the restart request the operator made for it (status.lastRestart.requestId).")
  private String restartRequestId;

  @JsonPropertyDescription("When the instance was first seen under another boot ID after the attach (RFC 3339):"
      + " from then on root's authorized_keys holds this key and password logins are off.")
  private String inEffectAt;

  public String getKeyPairName() {
    return keyPairName;
  }

  public void setKeyPairName(String keyPairName) {
    this.keyPairName = keyPairName;
  }

  public String getKeyPair() {
    return keyPair;
  }

  public void setKeyPair(String keyPair) {
    this.keyPair = keyPair;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getAttachedAt() {
    return attachedAt;
  }

  public void setAttachedAt(String attachedAt) {
    this.attachedAt = attachedAt;
  }

  public String getBootIdBefore() {
    return bootIdBefore;
  }

  public void setBootIdBefore(String bootIdBefore) {
    this.bootIdBefore = bootIdBefore;
  }

  public String getRestartRequestId() {
    return restartRequestId;
  }

  public void setRestartRequestId(String restartRequestId) {
    this.restartRequestId = restartRequestId;
  }

  public String getInEffectAt() {
    return inEffectAt;
  }

  public void setInEffectAt(String inEffectAt) {
    this.inEffectAt = inEffectAt;
  }
}
