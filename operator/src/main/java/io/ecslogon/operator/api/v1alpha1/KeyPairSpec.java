package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired state of a KeyPair: generate a key, or import a public key. */
@ValidationRule(value = "!has(self.bits) || (has(self.type) && (self.type == 'rsa' || self.type == 'ecdsa'))",
    message = "bits applies only to type rsa or ecdsa")
@ValidationRule(value = "!has(self.bits) || !has(self.type) || self.type != 'rsa' || self.bits in [2048, 3072, 4096]",
    message = "rsa bits must be 2048, 3072 or 4096")
@ValidationRule(value = "!has(self.bits) || !has(self.type) || self.type != 'ecdsa' || self.bits in [256, 384, 521]",
    message = "ecdsa bits must be 256, 384 or 521")
@ValidationRule(value = "!has(self.publicKey) || !(has(self.type) || has(self.bits) || has(self.secretName) || has(self.passphraseSecretRef) || has(self.rotation) || has(self.secretTemplate))",
    message = "an imported publicKey cannot be combined with type, bits, secretName, secretTemplate, passphraseSecretRef or rotation: the operator does not hold its private key")
@ValidationRule(value = "!has(self.alibabaCloud) || has(self.publicKey) || (has(self.type) && self.type != 'ed25519')",
    message = "alibabaCloud needs type rsa or ecdsa (or an imported rsa or ecdsa publicKey): ECS imports only RSA and ECDSA keys, and ed25519 is the default type")
@ValidationRule(value = "!has(oldSelf.alibabaCloud) || has(self.alibabaCloud)",
    message = "alibabaCloud cannot be removed once set: delete the KeyPair, which deletes its key pair in ECS")
@ValidationRule(value = "!has(self.expiresAfter) || duration(self.expiresAfter) >= duration('1m')",
    message = "expiresAfter must be at least 1m")
@ValidationRule(value = "!has(self.expiresAfter) || duration(self.expiresAfter) <= duration('" + KeyRotation.MAX_INTERVAL + "')",
    message = "expiresAfter must be at most " + KeyRotation.MAX_INTERVAL + " (10 years)")
public class KeyPairSpec {
  @JsonPropertyDescription("Key algorithm to generate: ed25519 (the default when left out), rsa or ecdsa. Leave it out when importing publicKey: the type is read from the key.")
  private KeyType type;

  @JsonPropertyDescription("Key size: rsa 2048, 3072 (default) or 4096; ecdsa 256 (default), 384 or 521. Not used by ed25519.")
  private Integer bits;

  @Size(max = 16384)
  @Pattern(ApiGroup.PUBLIC_KEY_PATTERN)
  @JsonPropertyDescription("Import instead of generate: exactly one OpenSSH public key line (type, base64 key, optional comment; no options, no line break). ssh-dss and RSA keys under 2048 bits are refused. No Secret is created for an imported key.")
  private String publicKey;

  @Pattern(ApiGroup.OBJECT_NAME_PATTERN)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the kubernetes.io/ssh-auth Secret the private key is written to. Defaults to the KeyPair's name with the suffix -ssh-key.")
  private String secretName;

  @JsonPropertyDescription("Labels and annotations for the generated Secret.")
  private SecretTemplate secretTemplate;

  @JsonPropertyDescription("Encrypt the private key with the passphrase in this Secret key (default key: passphrase).")
  private SecretKeyReference passphraseSecretRef;

  @JsonPropertyDescription("Replace the generated key periodically; the previous public key stays listed in status until consumers have moved to the new one.")
  private KeyRotation rotation;

  @Pattern(ApiGroup.DURATION_PATTERN)
  @JsonPropertyDescription("Lifetime of the key pair, as a duration (at least 1m, at most 87600h). Once expired, the KeyPair reports Expired, its Secret is removed and consumers drop the key.")
  private String expiresAfter;

  @JsonPropertyDescription("Also register the public key as a key pair in Alibaba Cloud ECS (ImportKeyPair), so the"
      + " ECS console and APIs can use it; it is re-imported after a rotation and deleted with the KeyPair. Needs type"
      + " rsa or ecdsa: ECS does not import ed25519 keys. See docs/alibaba-cloud.md.")
  private AlibabaCloudKeyPair alibabaCloud;

  public KeyType getType() {
    return type;
  }

  public void setType(KeyType type) {
    this.type = type;
  }

  public Integer getBits() {
    return bits;
  }

  public void setBits(Integer bits) {
    this.bits = bits;
  }

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public SecretTemplate getSecretTemplate() {
    return secretTemplate;
  }

  public void setSecretTemplate(SecretTemplate secretTemplate) {
    this.secretTemplate = secretTemplate;
  }

  public SecretKeyReference getPassphraseSecretRef() {
    return passphraseSecretRef;
  }

  public void setPassphraseSecretRef(SecretKeyReference passphraseSecretRef) {
    this.passphraseSecretRef = passphraseSecretRef;
  }

  public KeyRotation getRotation() {
    return rotation;
  }

  public void setRotation(KeyRotation rotation) {
    this.rotation = rotation;
  }

  public String getExpiresAfter() {
    return expiresAfter;
  }

  public void setExpiresAfter(String expiresAfter) {
    this.expiresAfter = expiresAfter;
  }

  public AlibabaCloudKeyPair getAlibabaCloud() {
    return alibabaCloud;
  }

  public void setAlibabaCloud(AlibabaCloudKeyPair alibabaCloud) {
    this.alibabaCloud = alibabaCloud;
  }
}
