package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.PasswordReset;
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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The password a reset applies: from the referenced Secret (labelled ecslogon.io/usage=password),
 * or generated (ECS rules) into a kubernetes.io/basic-auth Secret that is written, and its uid
 * recorded in status, before the password is applied anywhere, so a crash in between resumes with
 * the same password. Only the Secret with the recorded uid, or with the claim recorded before it was
 * created ({@link SecretClaim}: a crash before its uid was stored), is used: a Secret someone created
 * under the generated name (whatever its labels and annotations say) is refused. The generated Secret
 * carries no ownerReference: it is the record of the credential and outlives the PasswordReset
 * (also one deleted by its TTL).
 */
final class ResetPasswordSource {
  static final String RESET_UID = "ecslogon.io/passwordreset-uid";
  static final String RESET_NAME = "ecslogon.io/passwordreset";
  private final KubernetesClient client;
  private final StatusRecordWriter<PasswordReset> claims;
  private final SecretReader reader;
  private final PasswordGenerator generator;

  ResetPasswordSource(KubernetesClient client, PasswordGenerator generator) {
    this.client = client;
    this.claims = new StatusRecordWriter<>(client, PasswordReset.class, SecretClaim.FIELD_MANAGER);
    this.reader = new SecretReader(client);
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

  /**
   * The password to set, or empty when a Secret was generated just now: its uid is in the draft,
   * and the password is used on the next pass, once that record is stored.
   */
  Optional<Password> resolve(PasswordReset reset, String username, ResetStatusDraft draft) {
    SecretKeyReference ref = reset.getSpec().getPasswordSecretRef();
    if (ref != null) {
      try {
        ReadSecret secret = reader.read(reset.getMetadata().getNamespace(), ref.getName(), SecretUsage.PASSWORD);
        return Optional.of(checked(secret, ref.getKey() == null ? "password" : ref.getKey()));
      } catch (SecretNotFoundException e) {
        throw ResetStopped.waiting("PasswordSecretNotFound", "Secret " + ref.getName() + " not found; waiting for it");
      } catch (SecretNotOptedInException e) {
        throw ResetStopped.refusedUntilFixed(SecretNotOptedInException.REASON, e.getMessage());
      }
    }
    String name = generatedSecretName(reset);
    Secret existing = get(reset, name);
    if (existing == null) {
      // None yet, or the one recorded was deleted before its password was used: generate (again).
      SecretClaim claim = SecretClaim.generate();
      // Stored at once, not with the rest of the status: the digest must be stored before the Secret it proves exists.
      claims.write(reset, "secretClaim", claim.digest());
      draft.secretClaimed(claim.digest());
      draft.secretCreated(name, create(reset, name, username, claim).getMetadata().getUid());
      return Optional.empty();
    }
    String uid = existing.getMetadata().getUid();
    if (uid.equals(draft.recordedSecretUid())) {
      return Optional.of(checked(ReadSecret.of(existing), "password"));
    }
    if (SecretClaim.proves(existing, draft.recordedSecretClaim())) {
      // Created by the operator after it stored the claim, but its uid never stored (a crash, a lost
      // leadership or a refused status write in between): recorded now, used once that is stored.
      draft.secretCreated(name, uid);
      return Optional.empty();
    }
    throw ResetStopped.failed("SecretConflict", "Secret " + name + " exists but is not the one the operator"
        + " generated for this PasswordReset (neither its uid nor its claim is the one in status); it was not used"
        + " and left untouched");
  }

  private Password checked(ReadSecret secret, String key) {
    try {
      return new Password(secret.name(), PasswordSecrets.read(secret, key));
    } catch (PasswordSecrets.Unusable e) {
      throw ResetStopped.failed(e.reason(), e.getMessage());
    }
  }

  private Secret create(PasswordReset reset, String name, String username, SecretClaim claim) {
    Map<String, String> annotations = new HashMap<>(claim.annotation());
    annotations.put(RESET_UID, reset.getMetadata().getUid());
    char[] password = generator.generate();
    try {
      Secret secret = new SecretBuilder()
          .withMetadata(new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(reset.getMetadata().getNamespace())
              .withLabels(OwnedSecretMetadata.labels(SecretUsage.PASSWORD,
                  Map.of(RESET_NAME, reset.getMetadata().getName())))
              .withAnnotations(annotations)
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
