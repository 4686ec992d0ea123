package io.ecslogon.operator.provider.alibabacloud;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.SecretReference;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.secrets.SecretNotFoundException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.ecslogon.operator.secrets.SecretReader;
import io.ecslogon.operator.secrets.SecretReader.ReadSecret;
import io.ecslogon.operator.secrets.SecretUsage;

/**
 * The credentials an object names for the ECS OpenAPI: a Secret of its namespace, labelled
 * {@code ecslogon.io/usage=alibaba-cloud-credentials}, with accessKeyId, accessKeySecret and
 * (STS) securityToken; or, when it names none and the installer allowed it for the namespace, the
 * operator's own identity (the default chain).
 */
public class CloudCredentialsSource {
  public static final String ACCESS_KEY_ID = "accessKeyId";
  public static final String ACCESS_KEY_SECRET = "accessKeySecret";
  public static final String SECURITY_TOKEN = "securityToken";
  public static final String SECRET_NOT_FOUND = "CloudCredentialsSecretNotFound";
  public static final String SECRET_INVALID = "CloudCredentialsSecretInvalid";
  public static final String REQUIRED = "CloudCredentialsRequired";

  private final SecretReader secrets;
  private final AlibabaCloudSettings settings;

  public CloudCredentialsSource(SecretReader secrets, AlibabaCloudSettings settings) {
    this.secrets = secrets;
    this.settings = settings;
  }

  /** Why the credentials cannot be used: a condition reason and a message with no secret in it. */
  public static class Unusable extends RuntimeException {
    private final String reason;

    Unusable(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** An EcsInstance's credentials: those its spec.alibabaCloud names, in its namespace. */
  public CloudCredentials of(EcsInstance instance) {
    return credentials(instance.getMetadata().getNamespace(), instance.getSpec().getAlibabaCloud().getCredentialsSecretRef());
  }

  /**
   * @param reference the object's credentialsSecretRef, or null for the operator's own identity
   *     (only in namespaces the installer allowed it for)
   * @throws Unusable if the Secret is missing, not opted in, or lacks a key, or no Secret is named
   *     where the operator's own identity is not allowed
   */
  public CloudCredentials credentials(String namespace, SecretReference reference) {
    if (reference == null) {
      if (!settings.operatorIdentityAllowedIn(namespace)) {
        throw new Unusable(REQUIRED, "spec.alibabaCloud.credentialsSecretRef is required in namespace " + namespace
            + ": the operator's own cloud identity is not allowed there (" + AlibabaCloudSettings.OPERATOR_IDENTITY_NAMESPACES
            + ", Helm value alibabaCloud.operatorIdentityNamespaces)");
      }
      return new CloudCredentials.DefaultChain();
    }
    try {
      ReadSecret secret = secrets.read(namespace, reference.getName(), SecretUsage.ALIBABA_CLOUD_CREDENTIALS);
      return new CloudCredentials.AccessKey(new String(secret.required(ACCESS_KEY_ID)), secret.required(ACCESS_KEY_SECRET),
          secret.value(SECURITY_TOKEN).orElse(null), namespace + "/" + reference.getName(), secret.resourceVersion());
    } catch (SecretNotFoundException e) {
      throw new Unusable(SECRET_NOT_FOUND, e.getMessage());
    } catch (SecretNotOptedInException e) {
      throw new Unusable(SecretNotOptedInException.REASON, e.getMessage());
    } catch (InvalidSecretException e) {
      throw new Unusable(SECRET_INVALID, e.getMessage());
    }
  }
}
