package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.SecretKeyReference;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.password.PasswordSecrets;
import io.ecslogon.operator.secrets.OwnedSecretMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.Map;

/**
 * The password a reset applies: from the referenced Secret, or generated (ECS rules) into a
 * kubernetes.io/basic-auth Secret that is written before the password is applied anywhere, so a
 * crash in between resumes with the same password. The generated Secret carries no ownerReference:
 * it is the record of the credential and outlives the PasswordReset (also one deleted by its TTL).
 */
final class ResetPasswordSource {
  static final String RESET_UID = "ecslogon.io/passwordreset-uid";
  static final String RESET_NAME = "ecslogon.io/passwordreset";

  private final KubernetesClient client;
  private final PasswordGenerator generator;

  ResetPasswordSource(KubernetesClient client, PasswordGenerator generator) {
    this.client = client;
    this.generator = generator;
  }

  static String generatedSecretName(PasswordReset reset) {
    return reset.getMetadata().getName() + "-password";
  }

  /** The Secret's name and the password; the caller wipes the chars when done. */
  record Password(String secretName, char[] value) {
    @Override
    public String toString() {
      return "Password[from " + secretName + "]";
    }
  }

  Password resolve(PasswordReset reset, String username) {
    SecretKeyReference ref = reset.getSpec().getPasswordSecretRef();
    if (ref != null) {
      Secret secret = get(reset, ref.getName());
      if (secret == null) {
        throw ResetStopped.waiting("PasswordSecretNotFound", "Secret " + ref.getName() + " not found; waiting for it");
      }
      return checked(secret, ref.getKey() == null ? "password" : ref.getKey());
    }
    String name = generatedSecretName(reset);
    Secret existing = get(reset, name);
    if (existing != null && !isFor(existing, reset)) {
      throw ResetStopped.failed("SecretConflict", "Secret " + name + " exists and was not generated for this"
          + " PasswordReset; it was left untouched");
    }
    return checked(existing != null ? existing : create(reset, name, username), "password");
  }

  private static boolean isFor(Secret secret, PasswordReset reset) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations != null && reset.getMetadata().getUid().equals(annotations.get(RESET_UID));
  }

  private Password checked(Secret secret, String key) {
    try {
      return new Password(secret.getMetadata().getName(), PasswordSecrets.read(secret, key));
    } catch (PasswordSecrets.Unusable e) {
      throw ResetStopped.failed(e.reason(), e.getMessage());
    }
  }

  private Secret create(PasswordReset reset, String name, String username) {
    char[] password = generator.generate();
    try {
      Secret secret = new SecretBuilder()
          .withMetadata(new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(reset.getMetadata().getNamespace())
              .withLabels(Map.of(OwnedSecretMetadata.MANAGED_BY, OwnedSecretMetadata.OPERATOR,
                  RESET_NAME, reset.getMetadata().getName()))
              .withAnnotations(Map.of(RESET_UID, reset.getMetadata().getUid()))
              .build())
          .withType(PasswordSecrets.BASIC_AUTH)
          .withData(PasswordSecrets.basicAuthData(username, password))
          .build();
      return client.secrets().inNamespace(reset.getMetadata().getNamespace()).resource(secret).create();
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private Secret get(PasswordReset reset, String name) {
    return client.secrets().inNamespace(reset.getMetadata().getNamespace()).withName(name).get();
  }

}
