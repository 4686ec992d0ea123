package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.ApiGroup;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.PrivateKeys;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.password.PasswordRules;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.secrets.SecretReader;
import io.ecslogon.operator.secrets.SecretReader.ReadSecret;
import io.ecslogon.operator.secrets.SecretUsage;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an EcsInstance and its admin credentials Secret into an {@link SshTarget}. The API server
 * already validated the spec against the schema; this checks again, because a CRD installed
 * without its schema (or an older one) must still never let bad input reach an instance.
 */
class SshTargetResolver {
  static final String SSH_AUTH = "kubernetes.io/ssh-auth";
  static final String BASIC_AUTH = "kubernetes.io/basic-auth";
  static final String PRIVATE_KEY = "ssh-privatekey";
  static final String PASSPHRASE = "passphrase";
  static final String PASSWORD = "password";

  private static final Pattern USERNAME = Pattern.compile(ApiGroup.USERNAME_PATTERN);
  private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$");
  private static final Pattern FINGERPRINT = Pattern.compile(ApiGroup.SHA256_FINGERPRINT_PATTERN);

  private final SecretReader secrets;

  SshTargetResolver(SecretReader secrets) {
    this.secrets = secrets;
  }

  /** For work on a Ready instance: at spec.address, or the address its last visit took from ECS. */
  SshTarget resolve(EcsInstance instance) {
    return resolve(instance, addressOf(instance));
  }

  /** At {@code address}: spec.address, or the one ECS reports (checked here like spec.address). */
  SshTarget resolve(EcsInstance instance, String address) {
    EcsInstanceSpec spec = instance.getSpec();
    validate(spec, address);
    ReadSecret secret = secrets.read(instance.getMetadata().getNamespace(), adminSecretName(instance),
        SecretUsage.ADMIN_CREDENTIALS);
    return new SshTarget(address, spec.getPort(), spec.getAdminUser(), credentialsFrom(secret, instance),
        trustedHostKey(instance));
  }

  static String addressOf(EcsInstance instance) {
    return addressOf(instance, instance.getStatus() == null ? null : instance.getStatus().getAlibabaCloud());
  }

  /** spec.address, or else the address ECS reported, as {@code cloud} (a status of the instance) holds it. */
  static String addressOf(EcsInstance instance, AlibabaCloudInstanceStatus cloud) {
    if (instance.getSpec() != null && instance.getSpec().getAddress() != null) {
      return instance.getSpec().getAddress();
    }
    return cloud == null ? null : cloud.getAddress();
  }

  /** The named admin Secret, or the operator's own key when the cloud onboarded the instance. */
  static String adminSecretName(EcsInstance instance) {
    return instance.getSpec().getAdminCredentialsSecretRef() != null
        ? instance.getSpec().getAdminCredentialsSecretRef().getName() : OwnAdminKey.secretName(instance);
  }

  /**
   * The pinned fingerprint wins; then the one the cloud vouched for (read on the instance through
   * Cloud Assistant); otherwise the one recorded on first use, if any.
   */
  static String trustedHostKey(EcsInstance instance) {
    String pinned = instance.getSpec().getHostKeyFingerprint();
    if (pinned != null && !pinned.isBlank()) {
      return pinned;
    }
    return cloudVouchedHostKey(instance)
        .orElse(instance.getStatus() == null ? null : instance.getStatus().getHostKeyFingerprint());
  }

  static Optional<String> cloudVouchedHostKey(EcsInstance instance) {
    return Optional.ofNullable(instance.getStatus()).map(status -> status.getAlibabaCloud())
        .map(cloud -> cloud.getHostKeyFingerprint());
  }

  private static void validate(EcsInstanceSpec spec, String address) {
    if (spec == null || address == null || !ADDRESS.matcher(address).matches()) {
      throw new InvalidSpecException(spec != null && spec.getAddress() == null && spec.getAlibabaCloud() != null
          ? "the address ECS reported is not a host name or IP address, or none is known yet"
          : "spec.address must be a host name or IP address");
    }
    if (spec.getPort() == null || spec.getPort() < 1 || spec.getPort() > 65535) {
      throw new InvalidSpecException("spec.port must be between 1 and 65535");
    }
    if (spec.getAdminUser() == null || !USERNAME.matcher(spec.getAdminUser()).matches()) {
      throw new InvalidSpecException("spec.adminUser must match " + ApiGroup.USERNAME_PATTERN);
    }
    if ((spec.getAdminCredentialsSecretRef() == null && spec.getAlibabaCloud() == null)
        || (spec.getAdminCredentialsSecretRef() != null && spec.getAdminCredentialsSecretRef().getName() == null)) {
      throw new InvalidSpecException("spec.adminCredentialsSecretRef.name is required unless spec.alibabaCloud names"
          + " the instance");
    }
    String pinned = spec.getHostKeyFingerprint();
    if (pinned != null && !pinned.isBlank() && !FINGERPRINT.matcher(pinned).matches()) {
      throw new InvalidSpecException("spec.hostKeyFingerprint must look like SHA256:<43 base64 characters>");
    }
  }

  /** Which kind of credential is decided from the type and key names; a password is refused before it is decoded. */
  private static Credentials credentialsFrom(ReadSecret secret, EcsInstance instance) {
    boolean hasKey = secret.base64Data().containsKey(PRIVATE_KEY);
    boolean hasPassword = secret.base64Data().containsKey(PASSWORD);
    if (SSH_AUTH.equals(secret.type()) || (!BASIC_AUTH.equals(secret.type()) && hasKey)) {
      Credentials.PrivateKey key = new Credentials.PrivateKey(secret.required(PRIVATE_KEY),
          secret.value(PASSPHRASE).orElse(null));
      // Read here, not on the instance: a Secret holding garbage must not even open a connection.
      if (PrivateKeys.publicKey(key).isEmpty()) {
        throw new InvalidSecretException(secret + ": " + PRIVATE_KEY + " is not an OpenSSH or PEM private key, or"
            + " its passphrase is wrong; nothing was sent to the instance");
      }
      return key;
    }
    if (BASIC_AUTH.equals(secret.type()) || hasPassword) {
      PasswordHostKeyRule.refusal(instance).ifPresent(refusal -> {
        throw new PasswordNotAllowedException("the admin Secret holds a password, and " + refusal);
      });
      char[] password = secret.required(PASSWORD);
      if (PasswordRules.hasControlCharacter(password)) {
        Arrays.fill(password, '\0');
        throw new InvalidSecretException(secret + ": " + PASSWORD + " holds a control character or line break,"
            + " which no login password can; it was not sent to the instance");
      }
      return new Credentials.Password(password);
    }
    throw new InvalidSecretException(secret + " holds neither " + PRIVATE_KEY + " (type " + SSH_AUTH + ") nor "
        + PASSWORD + " (type " + BASIC_AUTH + ")");
  }
}
