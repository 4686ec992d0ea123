package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the operator reaches and logs on to one instance, and the state it keeps there. */
@ValidationRule(
    value = "!has(self.sshd) || !has(self.sshd.permitRootLogin) || !has(self.adminUser)"
        + " || self.adminUser != 'root' || self.sshd.permitRootLogin in ['yes', 'prohibit-password']",
    message = "adminUser root needs sshd.permitRootLogin yes or prohibit-password, or the operator would lock"
        + " itself out: to turn root logins off, use a sudoer such as ecs-user as adminUser")
@ValidationRule(value = "has(self.adminCredentialsSecretRef) || has(self.alibabaCloud)",
    message = "spec.adminCredentialsSecretRef is required unless spec.alibabaCloud names the instance (the operator"
        + " then opens its own way in through Cloud Assistant)")
@ValidationRule(value = "has(self.address) || has(self.alibabaCloud)",
    message = "spec.address is required unless spec.alibabaCloud names the instance (its address then comes from ECS)")
public class EcsInstanceSpec {
  @Size(min = 1, max = 253)
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$")
  @JsonPropertyDescription("Host name or IP address the operator connects to over SSH. May be empty with"
      + " spec.alibabaCloud: the address of spec.alibabaCloud.addressType that ECS reports is used.")
  private String address;

  @Min(1)
  @Max(65535)
  @Default("22")
  @JsonPropertyDescription("SSH port. Defaults to 22.")
  private Integer port = 22;

  @Pattern(ApiGroup.USERNAME_PATTERN)
  @Default("root")
  @JsonPropertyDescription("User the operator logs on as: root, or a sudoer with passwordless sudo such as"
      + " ecs-user. Defaults to root.")
  private String adminUser = "root";

  @JsonPropertyDescription("Secret holding the admin credentials: type kubernetes.io/ssh-auth (key"
      + " ssh-privatekey, optional passphrase under 'passphrase') or kubernetes.io/basic-auth (key"
      + " password). The Secret must carry the label ecslogon.io/usage=admin-credentials; without it the"
      + " operator refuses to read it (reason SecretNotOptedIn). May be left out with spec.alibabaCloud: the"
      + " operator then makes its own key (Secret <name>-operator-admin), installs it for adminUser through Cloud"
      + " Assistant and pins the host key Cloud Assistant reads (docs/alibaba-cloud.md).")
  private SecretReference adminCredentialsSecretRef;

  @Pattern(ApiGroup.SHA256_FINGERPRINT_PATTERN)
  @JsonPropertyDescription("Expected SHA256 fingerprint of the instance's SSH host key, as ssh-keygen -l"
      + " prints it (SHA256:...). When empty, the key seen on first connection is trusted and"
      + " recorded in status.hostKeyFingerprint; any later change is refused.")
  private String hostKeyFingerprint;

  @JsonPropertyDescription("Whether passwords may be sent to this instance while its host key is only trusted on"
      + " first use (hostKeyFingerprint empty). Passwords are the admin password when the admin Secret is"
      + " kubernetes.io/basic-auth, and the passwords LogonUsers and PasswordResets set. A password sent to an"
      + " impostor is lost, unlike a key signature, so by default they travel only to a pinned host key"
      + " (reason HostKeyNotPinned otherwise). Set true only where the network path to the instance is"
      + " trusted. Defaults to false.")
  private Boolean allowPasswordOnTrustOnFirstUse;

  @JsonPropertyDescription("Desired sshd authentication policy. Settings left out are not managed.")
  private SshdPolicy sshd;

  @JsonPropertyDescription("Credential hygiene: what the operator looks for, and whether it only reports or"
      + " also removes what it finds.")
  private CompliancePolicy compliance;

  @Default("Never")
  @JsonPropertyDescription("Whether the operator may restart the instance when a change needs it: Never"
      + " (a needed restart waits and is reported by the RestartRequired condition) or"
      + " IfRequired. Defaults to Never.")
  private RestartPolicy restartPolicy = RestartPolicy.Never;

  @JsonPropertyDescription("Alibaba Cloud ECS settings. When set, the instance is looked up with the ECS OpenAPI"
      + " (DescribeInstances) before any SSH: its status decides whether it is visited, and its address is used"
      + " when spec.address is empty. When empty, it is a plain SSH host.")
  private AlibabaCloudInstance alibabaCloud;

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getAdminUser() {
    return adminUser;
  }

  public void setAdminUser(String adminUser) {
    this.adminUser = adminUser;
  }

  public SecretReference getAdminCredentialsSecretRef() {
    return adminCredentialsSecretRef;
  }

  public void setAdminCredentialsSecretRef(SecretReference adminCredentialsSecretRef) {
    this.adminCredentialsSecretRef = adminCredentialsSecretRef;
  }

  public String getHostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  public void setHostKeyFingerprint(String hostKeyFingerprint) {
    this.hostKeyFingerprint = hostKeyFingerprint;
  }

  public Boolean getAllowPasswordOnTrustOnFirstUse() {
    return allowPasswordOnTrustOnFirstUse;
  }

  public void setAllowPasswordOnTrustOnFirstUse(Boolean allowPasswordOnTrustOnFirstUse) {
    this.allowPasswordOnTrustOnFirstUse = allowPasswordOnTrustOnFirstUse;
  }

  public SshdPolicy getSshd() {
    return sshd;
  }

  public void setSshd(SshdPolicy sshd) {
    this.sshd = sshd;
  }

  public CompliancePolicy getCompliance() {
    return compliance;
  }

  public void setCompliance(CompliancePolicy compliance) {
    this.compliance = compliance;
  }

  public RestartPolicy getRestartPolicy() {
    return restartPolicy;
  }

  public void setRestartPolicy(RestartPolicy restartPolicy) {
    this.restartPolicy = restartPolicy;
  }

  public AlibabaCloudInstance getAlibabaCloud() {
    return alibabaCloud;
  }

  public void setAlibabaCloud(AlibabaCloudInstance alibabaCloud) {
    this.alibabaCloud = alibabaCloud;
  }
}
