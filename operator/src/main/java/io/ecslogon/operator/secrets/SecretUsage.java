package io.ecslogon.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;

/**
 * What a Secret may be used for by the operator, as its owner declared with the label
 * {@code ecslogon.io/usage}. Naming a Secret in a spec is not enough: anyone who may create an
 * EcsInstance or a LogonUser could otherwise make the operator read any Secret of the namespace
 * and send it to a host they chose. Like Argo CD's {@code argocd.argoproj.io/secret-type}, the
 * Secret itself has to say that the operator may use it, and for what.
 */
public enum SecretUsage {
  /** The key or password the operator logs on to an EcsInstance with (spec.adminCredentialsSecretRef). */
  ADMIN_CREDENTIALS("admin-credentials"),
  /** A password the operator sets for a user (LogonUser and PasswordReset spec.passwordSecretRef). */
  PASSWORD("password"),
  /** The passphrase that protects a KeyPair's private key (spec.passphraseSecretRef). */
  PASSPHRASE("passphrase"),
  /** The RAM AccessKey or STS credentials the operator calls the ECS OpenAPI with (spec.alibabaCloud.credentialsSecretRef). */
  ALIBABA_CLOUD_CREDENTIALS("alibaba-cloud-credentials");

  public static final String LABEL = "ecslogon.io/usage";

  private final String value;

  SecretUsage(String value) {
    this.value = value;
  }

  /** The label value, e.g. {@code admin-credentials}. */
  public String value() {
    return value;
  }

  /** The label to put on a Secret so that the operator may use it this way. */
  public Map<String, String> label() {
    return Map.of(LABEL, value);
  }

  /** Whether the Secret's owner opted it in for this usage; looks at metadata only, never at data. */
  public boolean allows(Secret secret) {
    Map<String, String> labels = secret.getMetadata() == null ? null : secret.getMetadata().getLabels();
    return labels != null && value.equals(labels.get(LABEL));
  }
}
