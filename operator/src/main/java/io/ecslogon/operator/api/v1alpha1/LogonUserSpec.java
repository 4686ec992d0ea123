package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Desired state of a logon user on one instance or on every matching instance. */
@ValidationRule(value = "has(self.instanceRef) != has(self.instanceSelector)",
    message = "set exactly one of instanceRef and instanceSelector")
@ValidationRule(value = "!(has(self.passwordSecretRef) && has(self.generatePassword) && self.generatePassword)",
    message = "set passwordSecretRef or generatePassword, not both")
@ValidationRule(value = "self.username != 'root' || !has(self.deletionPolicy) || self.deletionPolicy != 'Delete'",
    message = "root is never deleted: use deletionPolicy RemoveKeys")
public class LogonUserSpec {
  @JsonPropertyDescription("The EcsInstance to manage this user on. Set this or instanceSelector.")
  private InstanceReference instanceRef;

  @JsonPropertyDescription("Manage this user on every EcsInstance in the namespace whose labels match. Set this or instanceRef.")
  private LabelSelector instanceSelector;

  @Required
  @Pattern(ApiGroup.USERNAME_PATTERN)
  @JsonPropertyDescription("Login name on the instance.")
  private String username;

  @JsonPropertyDescription("KeyPairs whose public keys are authorised for this user (following rotation).")
  private List<KeyPairReference> keyPairRefs;

  @JsonPropertyDescription("Further authorised public keys, one OpenSSH public key line each.")
  private List<@Pattern(ApiGroup.PUBLIC_KEY_PATTERN) String> publicKeys;

  @Default("Merge")
  @JsonPropertyDescription("Merge (default): the operator owns a marked block of authorized_keys and leaves other lines alone. Exclusive: authorized_keys holds exactly the declared keys.")
  private KeyPolicy keyPolicy;

  @Default("none")
  @JsonPropertyDescription("Sudo rule for the user: none (default), passwordless, or password.")
  private SudoPolicy sudo;

  @JsonPropertyDescription("Supplementary groups; they must exist on the instance.")
  private List<@Pattern(ApiGroup.USERNAME_PATTERN) String> groups;

  @Pattern("^/[A-Za-z0-9._/-]+$")
  @Size(max = 256)
  @JsonPropertyDescription("Login shell, an absolute path that must exist on the instance. Defaults to the instance's useradd default.")
  private String shell;

  @JsonPropertyDescription("Set the user's password from this Secret key (default key: password).")
  private SecretKeyReference passwordSecretRef;

  @JsonPropertyDescription("Generate a password (ECS rules: 8-30 characters, three of upper, lower, digit, special) into a kubernetes.io/basic-auth Secret.")
  private Boolean generatePassword;

  @JsonPropertyDescription("Take over a user that already exists on the instance but was not created by the operator. Defaults to false: such a user is reported, not changed.")
  private Boolean adopt;

  @Default("RemoveKeys")
  @JsonPropertyDescription("What deleting this LogonUser does on the instances: RemoveKeys (default) removes only what the operator added; Delete removes the user, its home directory and its sudo rule. root is never deleted.")
  private DeletionPolicy deletionPolicy;

  public InstanceReference getInstanceRef() {
    return instanceRef;
  }

  public void setInstanceRef(InstanceReference instanceRef) {
    this.instanceRef = instanceRef;
  }

  public LabelSelector getInstanceSelector() {
    return instanceSelector;
  }

  public void setInstanceSelector(LabelSelector instanceSelector) {
    this.instanceSelector = instanceSelector;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public List<KeyPairReference> getKeyPairRefs() {
    return keyPairRefs;
  }

  public void setKeyPairRefs(List<KeyPairReference> keyPairRefs) {
    this.keyPairRefs = keyPairRefs;
  }

  public List<@Pattern(ApiGroup.PUBLIC_KEY_PATTERN) String> getPublicKeys() {
    return publicKeys;
  }

  public void setPublicKeys(List<@Pattern(ApiGroup.PUBLIC_KEY_PATTERN) String> publicKeys) {
    this.publicKeys = publicKeys;
  }

  public KeyPolicy getKeyPolicy() {
    return keyPolicy;
  }

  public void setKeyPolicy(KeyPolicy keyPolicy) {
    this.keyPolicy = keyPolicy;
  }

  public SudoPolicy getSudo() {
    return sudo;
  }

  public void setSudo(SudoPolicy sudo) {
    this.sudo = sudo;
  }

  public List<@Pattern(ApiGroup.USERNAME_PATTERN) String> getGroups() {
    return groups;
  }

  public void setGroups(List<@Pattern(ApiGroup.USERNAME_PATTERN) String> groups) {
    this.groups = groups;
  }

  public String getShell() {
    return shell;
  }

  public void setShell(String shell) {
    this.shell = shell;
  }

  public SecretKeyReference getPasswordSecretRef() {
    return passwordSecretRef;
  }

  public void setPasswordSecretRef(SecretKeyReference passwordSecretRef) {
    this.passwordSecretRef = passwordSecretRef;
  }

  public Boolean getGeneratePassword() {
    return generatePassword;
  }

  public void setGeneratePassword(Boolean generatePassword) {
    this.generatePassword = generatePassword;
  }

  public Boolean getAdopt() {
    return adopt;
  }

  public void setAdopt(Boolean adopt) {
    this.adopt = adopt;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
