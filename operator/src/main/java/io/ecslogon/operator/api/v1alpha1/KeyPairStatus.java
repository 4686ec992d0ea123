package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a KeyPair. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyPairStatus implements HasConditions {
  @JsonPropertyDescription("The public key in canonical OpenSSH form (type and base64 blob).")
  private String publicKey;

  @JsonPropertyDescription("SHA256 fingerprint as ssh-keygen -l prints it.")
  private String fingerprint;

  @JsonPropertyDescription("MD5 fingerprint (colon-separated hex), as the ECS console shows it.")
  private String md5Fingerprint;

  @JsonPropertyDescription("Key algorithm: ed25519, rsa or ecdsa.")
  private String type;

  @JsonPropertyDescription("Key size in bits.")
  private Integer bits;

  @JsonPropertyDescription("The Secret holding the private key (empty for an imported key).")
  private String secretName;

  @JsonPropertyDescription("When the current key was generated or imported (RFC 3339).")
  private String generatedAt;

  @JsonPropertyDescription("When the key pair expires (RFC 3339), if spec.expiresAfter is set.")
  private String expiresAt;

  @JsonPropertyDescription("SHA256 fingerprint of the key the operator is about to store in its Secret: written before"
      + " the Secret, so that an operator restarted between the two writes knows the key for its own. Empty otherwise.")
  private String pendingFingerprint;

  @JsonPropertyDescription("Keys replaced by rotation that consumers may still be moving away from.")
  private List<PreviousPublicKey> previousPublicKeys;

  @JsonPropertyDescription("With spec.alibabaCloud: the key pair registered in ECS.")
  private AlibabaCloudKeyPairStatus alibabaCloud;

  @JsonPropertyDescription("Ready, with reasons such as Generated, Imported, InvalidPublicKey, SecretConflict, Expired;"
      + " with spec.alibabaCloud also RegisteredInEcs (Registered, KeyTypeNotAccepted, NameTaken, StillBound, CloudApiError).")
  private List<Condition> conditions = new ArrayList<>();

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getPendingFingerprint() {
    return pendingFingerprint;
  }

  public void setPendingFingerprint(String pendingFingerprint) {
    this.pendingFingerprint = pendingFingerprint;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getMd5Fingerprint() {
    return md5Fingerprint;
  }

  public void setMd5Fingerprint(String md5Fingerprint) {
    this.md5Fingerprint = md5Fingerprint;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Integer getBits() {
    return bits;
  }

  public void setBits(Integer bits) {
    this.bits = bits;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getGeneratedAt() {
    return generatedAt;
  }

  public void setGeneratedAt(String generatedAt) {
    this.generatedAt = generatedAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public List<PreviousPublicKey> getPreviousPublicKeys() {
    return previousPublicKeys;
  }

  public void setPreviousPublicKeys(List<PreviousPublicKey> previousPublicKeys) {
    this.previousPublicKeys = previousPublicKeys;
  }

  public AlibabaCloudKeyPairStatus getAlibabaCloud() {
    return alibabaCloud;
  }

  public void setAlibabaCloud(AlibabaCloudKeyPairStatus alibabaCloud) {
    this.alibabaCloud = alibabaCloud;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
