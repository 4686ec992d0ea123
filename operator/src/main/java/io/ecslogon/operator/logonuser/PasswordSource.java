package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.SecretKeyReference;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.password.PasswordSecrets;
import io.ecslogon.operator.secrets.OwnedSecretMetadata;
import io.ecslogon.operator.secrets.SecretNotFoundException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.ecslogon.operator.secrets.SecretReader;
import io.ecslogon.operator.secrets.SecretReader.ReadSecret;
import io.ecslogon.operator.secrets.SecretUsage;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Where a LogonUser's password comes from: a Secret the user references (labelled
 * ecslogon.io/usage=password), or one the operator generates (ECS rules) into a
 * kubernetes.io/basic-auth Secret, stored before it is ever applied, so a crash never leaves an
 * instance with a password nobody knows. A generated Secret is trusted only if its uid is the one
 * the operator recorded in status when it created it: labels, annotations and ownerReferences can
 * be written by anyone who may create Secrets, a uid cannot be chosen.
 */
final class PasswordSource {
  private final KubernetesClient client;
  private final SecretReader reader;
  private final PasswordGenerator generator;

  PasswordSource(KubernetesClient client, PasswordGenerator generator) {
    this.client = client;
    this.reader = new SecretReader(client);
    this.generator = generator;
  }

  /**
   * A password and the Secret it came from; toString never shows the password. {@code created}: the
   * operator generated it just now, and it must be recorded (secretUid) before it is used.
   */
  record Password(char[] value, String version, String secretName, String secretUid, boolean created) {
    @Override
    public String toString() {
      return "Password[from " + secretName + " @" + version + "]";
    }
  }

  static String generatedSecretName(LogonUser user) {
    return user.getMetadata().getName() + "-password";
  }

  /** The password, generating its Secret if it is to be generated and there is none yet. */
  Optional<Password> resolve(LogonUser user) {
    return resolve(user, true);
  }

  /**
   * The password as an instance visit may use it: a generated Secret only once this LogonUser's
   * status records it (the LogonUser reconciler generates and records it; a visit never creates one).
   */
  Optional<Password> recorded(LogonUser user) {
    return resolve(user, false);
  }

  private Optional<Password> resolve(LogonUser user, boolean mayCreate) {
    SecretKeyReference ref = user.getSpec().getPasswordSecretRef();
    if (ref != null) {
      ReadSecret secret;
      try {
        secret = reader.read(user.getMetadata().getNamespace(), ref.getName(), SecretUsage.PASSWORD);
      } catch (SecretNotFoundException e) {
        throw new NotApplied("PasswordSecretNotFound", "Secret " + ref.getName() + " not found");
      } catch (SecretNotOptedInException e) {
        throw new NotApplied(SecretNotOptedInException.REASON, e.getMessage());
      }
      return Optional.of(checked(secret, ref.getKey() == null ? "password" : ref.getKey(), false));
    }
    if (Boolean.TRUE.equals(user.getSpec().getGeneratePassword())) {
      String name = generatedSecretName(user);
      Optional<Secret> existing = secret(user, name);
      if (!mayCreate && (existing.isEmpty() || !existing.get().getMetadata().getUid().equals(recordedUid(user)))) {
        throw new NotApplied("PasswordPending", "waiting for the generated password Secret " + name
            + " to be recorded in the LogonUser's status");
      }
      if (existing.isPresent() && !createdForThisUser(user, existing.get())) {
        throw new NotApplied("SecretConflict", "Secret " + name + " exists but is not the one the operator generated"
            + " for this LogonUser (its uid is not status.passwordSecretUid); it was not used and left untouched."
            + " Delete it to have a new password generated");
      }
      return Optional.of(existing.isPresent()
          ? checked(ReadSecret.of(existing.get()), "password", false)
          : checked(ReadSecret.of(create(user, name)), "password", true));
    }
    return Optional.empty();
  }

  /**
   * The recorded uid decides. The informer's copy of the LogonUser may predate the status write
   * that recorded it, so a mismatch is confirmed on a fresh read before the Secret is refused.
   */
  private boolean createdForThisUser(LogonUser user, Secret secret) {
    String uid = secret.getMetadata().getUid();
    if (uid.equals(recordedUid(user))) {
      return true;
    }
    LogonUser fresh = client.resources(LogonUser.class).inNamespace(user.getMetadata().getNamespace())
        .withName(user.getMetadata().getName()).get();
    return fresh != null && uid.equals(recordedUid(fresh));
  }

  static String recordedUid(LogonUser user) {
    return user.getStatus() == null ? null : user.getStatus().getPasswordSecretUid();
  }

  private Password checked(ReadSecret secret, String key, boolean created) {
    char[] password;
    try {
      password = PasswordSecrets.read(secret, key);
    } catch (PasswordSecrets.Unusable e) {
      throw new NotApplied(e.reason(), e.getMessage());
    }
    return new Password(password, secret.uid() + "/" + secret.resourceVersion(), secret.name(), secret.uid(), created);
  }

  private Secret create(LogonUser user, String name) {
    char[] password = generator.generate();
    try {
      Secret secret = new SecretBuilder()
          .withMetadata(OwnedSecretMetadata.of(user, name, SecretUsage.PASSWORD,
              Map.of("ecslogon.io/logonuser", user.getMetadata().getName()), Map.of()))
          .withType(PasswordSecrets.BASIC_AUTH)
          .withData(PasswordSecrets.basicAuthData(user.getSpec().getUsername(), password))
          .build();
      return client.secrets().inNamespace(user.getMetadata().getNamespace()).resource(secret).create();
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private Optional<Secret> secret(LogonUser user, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(user.getMetadata().getNamespace()).withName(name).get());
  }
}
