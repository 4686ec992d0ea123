package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A public key that was replaced by rotation and is still being phased out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreviousPublicKey {
  @JsonPropertyDescription("The OpenSSH public key line.")
  private String publicKey;

  @JsonPropertyDescription("Its SHA256 fingerprint.")
  private String fingerprint;

  @JsonPropertyDescription("When it was replaced (RFC 3339).")
  private String retiredAt;

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getRetiredAt() {
    return retiredAt;
  }

  public void setRetiredAt(String retiredAt) {
    this.retiredAt = retiredAt;
  }
}
