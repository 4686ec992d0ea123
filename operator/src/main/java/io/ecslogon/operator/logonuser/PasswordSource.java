package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.SecretKeyReference;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.password.PasswordSecrets;
import io.ecslogon.operator.secrets.OwnedSecretMetadata;
import io.ecslogon.operator.secrets.SecretClaim;
import io.ecslogon.operator.secrets.SecretNotFoundException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.ecslogon.operator.secrets.SecretReader;
import io.ecslogon.operator.secrets.SecretReader.ReadSecret;
import io.ecslogon.operator.secrets.SecretUsage;
import io.ecslogon.operator.status.StatusRecordWriter;
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
 * be written by anyone who may create Secrets, a uid cannot be chosen. One whose uid was never
 * recorded (a crash right after creating it) is known by the claim stored before it was created
 * ({@link SecretClaim}).
 */
final class PasswordSource {
  private static final String CLAIM_FIELD_MANAGER = "ecs-logon-operator-secret-claim";

  private final KubernetesClient client;
  private final StatusRecordWriter<LogonUser> claims;
  private final SecretReader reader;
  private final PasswordGenerator generator;

  PasswordSource(KubernetesClient client, PasswordGenerator generator) {
    this.client = client;
    this.claims = new StatusRecordWriter<>(client, LogonUser.class, CLAIM_FIELD_MANAGER);
    this.reader = new SecretReader(client);
    this.generator = generator;
  }

  /**
   * A password and the Secret it came from; toString never shows the password. {@code created}: the
   * operator generated it just now, or found the one it generated before its uid was stored, and it
   * must be recorded (secretUid) before it is used; {@code secretClaim}: then, the claim's digest.
   */
  record Password(char[] value, String version, String secretName, String secretUid, boolean created,
      String secretClaim) {
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
      return Optional.of(checked(secret, ref.getKey() == null ? "password" : ref.getKey()));
    }
    if (Boolean.TRUE.equals(user.getSpec().getGeneratePassword())) {
      String name = generatedSecretName(user);
      Optional<Secret> existing = secret(user, name);
      if (!mayCreate && (existing.isEmpty() || !existing.get().getMetadata().getUid().equals(recordedUid(user)))) {
        throw new NotApplied("PasswordPending", "waiting for the generated password Secret " + name
            + " to be recorded in the LogonUser's status");
      }
      if (existing.isEmpty()) {
        SecretClaim claim = SecretClaim.generate();
        // Stored at once, not with the rest of the status: the digest must be stored before the Secret it proves exists.
        claims.write(user, "passwordSecretClaim", claim.digest());
        return Optional.of(toBeRecorded(ReadSecret.of(create(user, name, claim)), claim.digest()));
      }
      Ownership ownership = ownership(user, existing.get());
      if (ownership.claimed() != null) {
        // Generated by the operator after it stored the claim, but its uid never stored (a crash, a lost
        // leadership or a refused status write in between): recorded now, like a Secret just created.
        return Optional.of(toBeRecorded(ReadSecret.of(existing.get()), ownership.claimed()));
      }
      if (!ownership.recorded()) {
        throw new NotApplied("SecretConflict", "Secret " + name + " exists but is not the one the operator generated"
            + " for this LogonUser (neither its uid nor its claim is the one in status); it was not used and left"
            + " untouched. Delete it to have a new password generated");
      }
      return Optional.of(checked(ReadSecret.of(existing.get()), "password"));
    }
    return Optional.empty();
  }

  /**
   * Whether the generated Secret is the operator's: its uid recorded, or else (claimed: the
   * recorded digest) its claim proven. The informer's copy of the LogonUser may predate the status
   * write that recorded either, so a mismatch is confirmed on a fresh read.
   */
  private record Ownership(boolean recorded, String claimed) {}

  private Ownership ownership(LogonUser user, Secret secret) {
    String uid = secret.getMetadata().getUid();
    if (uid.equals(recordedUid(user))) {
      return new Ownership(true, null);
    }
    LogonUser fresh = client.resources(LogonUser.class).inNamespace(user.getMetadata().getNamespace())
        .withName(user.getMetadata().getName()).get();
    if (fresh == null) {
      return new Ownership(false, null);
    }
    if (uid.equals(recordedUid(fresh))) {
      return new Ownership(true, null);
    }
    return new Ownership(false, SecretClaim.proves(secret, recordedClaim(fresh)) ? recordedClaim(fresh) : null);
  }

  static String recordedUid(LogonUser user) {
    return user.getStatus() == null ? null : user.getStatus().getPasswordSecretUid();
  }

  static String recordedClaim(LogonUser user) {
    return user.getStatus() == null ? null : user.getStatus().getPasswordSecretClaim();
  }

  /** A generated Secret to record before its password is used (just created, or claimed), with its claim's digest. */
  private Password toBeRecorded(ReadSecret secret, String claim) {
    Password password = checked(secret, "password");
    return new Password(password.value(), password.version(), password.secretName(), password.secretUid(), true,
        claim);
  }

  private Password checked(ReadSecret secret, String key) {
    char[] password;
    try {
      password = PasswordSecrets.read(secret, key);
    } catch (PasswordSecrets.Unusable e) {
      throw new NotApplied(e.reason(), e.getMessage());
    }
    return new Password(password, secret.uid() + "/" + secret.resourceVersion(), secret.name(), secret.uid(), false,
        null);
  }

  private Secret create(LogonUser user, String name, SecretClaim claim) {
    char[] password = generator.generate();
    try {
      Secret secret = new SecretBuilder()
          .withMetadata(OwnedSecretMetadata.of(user, name, SecretUsage.PASSWORD,
              Map.of("ecslogon.io/logonuser", user.getMetadata().getName()), claim.annotation()))
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
