package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.SecretKeyReference;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.password.PasswordSecrets;
import io.ecslogon.operator.secrets.OwnedSecretMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * Where a LogonUser's password comes from: a Secret the user references, or one the operator
 * generates (ECS rules) into a kubernetes.io/basic-auth Secret it owns, stored before it is ever
 * applied, so a crash never leaves an instance with a password nobody knows.
 */
final class PasswordSource {
  private final KubernetesClient client;
  private final PasswordGenerator generator;

  PasswordSource(KubernetesClient client, PasswordGenerator generator) {
    this.client = client;
    this.generator = generator;
  }

  /** A password and the Secret version it came from; toString never shows the password. */
  record Password(char[] value, String version, String secretName) {
    @Override
    public String toString() {
      return "Password[from " + secretName + " @" + version + "]";
    }
  }

  static String generatedSecretName(LogonUser user) {
    return user.getMetadata().getName() + "-password";
  }

  Optional<Password> resolve(LogonUser user) {
    SecretKeyReference ref = user.getSpec().getPasswordSecretRef();
    if (ref != null) {
      Secret secret = secret(user, ref.getName())
          .orElseThrow(() -> new NotApplied("PasswordSecretNotFound", "Secret " + ref.getName() + " not found"));
      String key = ref.getKey() == null ? "password" : ref.getKey();
      return Optional.of(checked(secret, key));
    }
    if (Boolean.TRUE.equals(user.getSpec().getGeneratePassword())) {
      String name = generatedSecretName(user);
      Optional<Secret> existing = secret(user, name);
      if (existing.isPresent() && !OwnedSecretMetadata.isOwnedBy(existing.get(), user)) {
        throw new NotApplied("SecretConflict", "Secret " + name + " exists and is not owned by this LogonUser; it was"
            + " left untouched");
      }
      Secret secret = existing.orElseGet(() -> create(user, name));
      return Optional.of(checked(secret, "password"));
    }
    return Optional.empty();
  }

  private Password checked(Secret secret, String key) {
    char[] password;
    try {
      password = PasswordSecrets.read(secret, key);
    } catch (PasswordSecrets.Unusable e) {
      throw new NotApplied(e.reason(), e.getMessage());
    }
    return new Password(password, secret.getMetadata().getUid() + "/" + secret.getMetadata().getResourceVersion(),
        secret.getMetadata().getName());
  }

  private Secret create(LogonUser user, String name) {
    char[] password = generator.generate();
    Secret secret = new SecretBuilder()
        .withMetadata(OwnedSecretMetadata.of(user, name, Map.of("ecslogon.io/logonuser", user.getMetadata().getName()),
            Map.of()))
        .withType(PasswordSecrets.BASIC_AUTH)
        .withData(PasswordSecrets.basicAuthData(user.getSpec().getUsername(), password))
        .build();
    java.util.Arrays.fill(password, '\0');
    return client.secrets().inNamespace(user.getMetadata().getNamespace()).resource(secret).create();
  }

  private Optional<Secret> secret(LogonUser user, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(user.getMetadata().getNamespace()).withName(name).get());
  }

}
