package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairSpec;
import io.ecslogon.operator.api.v1alpha1.KeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.PreviousPublicKey;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.events.ReadyEvents;
import io.ecslogon.operator.keypair.material.GeneratedKey;
import io.ecslogon.operator.keypair.material.InvalidPublicKeyException;
import io.ecslogon.operator.keypair.material.SshKeyType;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.ecslogon.operator.secrets.SecretReader;
import io.ecslogon.operator.secrets.SecretUsage;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generates a key into a Secret the KeyPair owns (or validates an imported public key), keeps
 * status describing exactly the key in that Secret, replaces the key on its rotation schedule and
 * removes it when the KeyPair expires. A Secret it does not own is never overwritten.
 */
@ControllerConfiguration(name = "keypair")
public class KeyPairReconciler implements Reconciler<KeyPair> {
  static final Duration GENERATION_POLL = Duration.ofMillis(500);
  static final Duration CHANGED_SECRET_RECHECK = Duration.ofSeconds(15);
  static final String SECRET_KEY_CHANGED = "SecretKeyChanged";

  private final OwnedSecrets secrets;
  private final SecretReader secretReader;
  private final KeyGenerations generations;
  private final SecretKeyCheck keyCheck = new SecretKeyCheck();
  private final KeyConsumers consumers;
  private final Conditions conditions;
  private final EventRecorder events;
  private final ReadyEvents readyEvents;
  private final Clock clock;
  private final Duration resyncInterval;
  /**
   * The fingerprint this process last wrote into each KeyPair's Secret (by KeyPair uid): how a key
   * the operator wrote is told from one someone else wrote, while status may still lag behind.
   * Lost on restart; a crash between writing the Secret and its status then needs a person's
   * acceptance, which is safe.
   */
  private final Map<String, String> written = new ConcurrentHashMap<>();

  public KeyPairReconciler(KeyPairDependencies dependencies) {
    this.secrets = new OwnedSecrets(dependencies.client());
    this.consumers = new KeyConsumers(dependencies.client());
    this.secretReader = dependencies.secretReader();
    this.generations = dependencies.generations();
    this.conditions = new Conditions(dependencies.clock());
    this.events = dependencies.events();
    this.readyEvents = new ReadyEvents(dependencies.events());
    this.clock = dependencies.clock();
    this.resyncInterval = dependencies.resyncInterval();
  }

  /** The Secrets KeyPairs own, and only those (by label), so a deleted or edited one is noticed at once. */
  @Override
  public List<EventSource<?, KeyPair>> prepareEventSources(EventSourceContext<KeyPair> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, KeyPair.class)
        .withLabelSelector(OwnedSecrets.MANAGED_BY + "=" + OwnedSecrets.OPERATOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(KeyPair.class))
        .build();
    return List.of(new InformerEventSource<>(configuration, context));
  }

  @Override
  public UpdateControl<KeyPair> reconcile(KeyPair keyPair, Context<KeyPair> context) {
    KeyPairStatus status = keyPair.getStatus() == null ? new KeyPairStatus() : Serialization.clone(keyPair.getStatus());
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Duration next;
    Optional<String> invalid = KeyLifetime.problem(keyPair.getSpec());
    try {
      if (invalid.isPresent()) {
        // Nothing is generated, rotated or removed on a spec whose schedule cannot be trusted.
        ready(keyPair, status, Conditions.FALSE, "InvalidSpec", invalid.get());
        next = resyncInterval;
      } else {
        next = keyPair.getSpec().getPublicKey() != null ? imported(keyPair, status, now) : generated(keyPair, status, now);
      }
    } catch (SecretNotOptedInException e) {
      ready(keyPair, status, Conditions.FALSE, SecretNotOptedInException.REASON, e.getMessage());
      next = Duration.ofSeconds(15);
    } catch (InvalidSecretException e) {
      ready(keyPair, status, Conditions.FALSE, "PassphraseSecretInvalid", e.getMessage());
      next = Duration.ofSeconds(15);
    }
    readyEvents.announce(keyPair, keyPair.getStatus() == null ? null : keyPair.getStatus().getConditions(),
        status.getConditions());
    return StatusUpdates.patchIfChanged(keyPair, status, KeyPair::new).rescheduleAfter(next);
  }

  private Duration imported(KeyPair keyPair, KeyPairStatus status, Instant now) {
    if (expired(keyPair, status, now)) {
      return resyncInterval;
    }
    SshPublicKey key;
    try {
      key = SshPublicKey.parse(keyPair.getSpec().getPublicKey());
    } catch (InvalidPublicKeyException e) {
      ready(keyPair, status, Conditions.FALSE, "InvalidPublicKey", "spec.publicKey refused: " + e.getMessage());
      return resyncInterval;
    }
    boolean sameKey = key.canonical().equals(status.getPublicKey());
    describe(status, key, null, sameKey ? status.getGeneratedAt() : now.toString());
    KeyLifetime.expiresAt(keyPair).ifPresent(at -> status.setExpiresAt(at.toString()));
    ready(keyPair, status, Conditions.TRUE, "Imported", "imported " + key.type().sshName() + " key " + key.sha256Fingerprint());
    return untilNextEvent(keyPair, status, now);
  }

  private Duration generated(KeyPair keyPair, KeyPairStatus status, Instant now) {
    if (expired(keyPair, status, now)) {
      return resyncInterval;
    }
    KeyPairSpec spec = keyPair.getSpec();
    SshKeyType type = SshKeyType.of(spec.getType() == null ? null : spec.getType().name(), spec.getBits());
    int bits = type == SshKeyType.RSA ? (spec.getBits() == null ? 3072 : spec.getBits()) : bitsOf(type);
    String secretName = OwnedSecrets.nameFor(keyPair);
    Optional<Secret> existing = secrets.get(keyPair, secretName);

    if (existing.isPresent() && !OwnedSecrets.isOwnedBy(existing.get(), keyPair)) {
      ready(keyPair, status, Conditions.FALSE, "SecretConflict", "Secret " + secretName
          + " already exists and is not owned by this KeyPair; it was left untouched. Set spec.secretName to another"
          + " name or remove that Secret");
      return resyncInterval;
    }
    char[] passphrase = passphrase(keyPair);
    if (existing.isPresent()) {
      Optional<SshPublicKey> held = keyCheck.heldKey(existing.get(), passphrase);
      if (held.isEmpty()) {
        ready(keyPair, status, Conditions.FALSE, "SecretModified", "Secret " + secretName
            + " no longer holds a key pair this operator can read (edited by hand, or a different passphrase);"
            + " it was left as it is. Delete the Secret to have a new key generated");
        return resyncInterval;
      }
      if (!held.get().canonical().equals(status.getPublicKey())) {
        String fingerprint = held.get().sha256Fingerprint();
        SecretKeyTrust.Verdict verdict = SecretKeyTrust.judge(fingerprint, written.get(keyPair.getMetadata().getUid()),
            annotation(keyPair, SecretKeyTrust.ACCEPT_ANNOTATION));
        if (verdict == SecretKeyTrust.Verdict.REFUSED) {
          ready(keyPair, status, Conditions.FALSE, SECRET_KEY_CHANGED, changedKeyMessage(status, secretName,
              fingerprint));
          return recheckChangedSecret();
        }
        if (status.getPublicKey() != null) {
          retire(status, now);
        }
        if (verdict == SecretKeyTrust.Verdict.ACCEPTED) {
          written.put(keyPair.getMetadata().getUid(), fingerprint);
          describe(status, held.get(), secretName, now.toString());
          events.normal(keyPair, "SecretKeyAccepted", "key " + fingerprint + " in Secret " + secretName
              + " accepted through the annotation " + SecretKeyTrust.ACCEPT_ANNOTATION + "; consumers now authorise it");
        } else {
          // Status lags the Secret (a stale read after our own write): the Secret wins.
          describe(status, held.get(), secretName, OwnedSecrets.generatedAt(existing.get()).orElse(now.toString()));
        }
      }
    }
    Optional<String> reason = replacementReason(keyPair.getSpec(), status, existing, type, bits, now);
    if (reason.isEmpty()) {
      ready(keyPair, status, Conditions.TRUE, "Generated", "key " + status.getFingerprint() + " in Secret " + secretName);
      KeyLifetime.expiresAt(keyPair).ifPresent(at -> status.setExpiresAt(at.toString()));
      prunePrevious(keyPair, status, now);
      return untilNextEvent(keyPair, status, now);
    }
    return replace(keyPair, status, now, type, bits, secretName, existing.isPresent(), reason.get(), passphrase);
  }

  /** Why a new key is needed now, if it is. */
  private static Optional<String> replacementReason(KeyPairSpec spec, KeyPairStatus status, Optional<Secret> existing,
      SshKeyType type, int bits, Instant now) {
    if (existing.isEmpty()) {
      return Optional.of(status.getPublicKey() == null ? "Generated" : "SecretRecreated");
    }
    if (!type.family().equals(status.getType()) || status.getBits() == null || bits != status.getBits()) {
      return Optional.of("Regenerated");
    }
    return KeyLifetime.rotationDue(spec, Instant.parse(status.getGeneratedAt()))
        .filter(due -> !now.isBefore(due))
        .map(due -> "Rotated");
  }

  private Duration replace(KeyPair keyPair, KeyPairStatus status, Instant now, SshKeyType type, int bits,
      String secretName, boolean secretExists, String reason, char[] passphrase) {
    String requestId = keyPair.getMetadata().getUid() + "/" + status.getFingerprint() + "/" + type + "/" + bits;
    String comment = "keypair:" + keyPair.getMetadata().getNamespace() + "/" + keyPair.getMetadata().getName();
    Optional<GeneratedKey> generated = generations.poll(requestId, type, bits, comment, passphrase);
    if (generated.isEmpty()) {
      if (status.getPublicKey() == null) {
        ready(keyPair, status, Conditions.FALSE, "Generating", "generating a " + type.family() + " " + bits + "-bit key");
      }
      return GENERATION_POLL;
    }
    GeneratedKey key = generated.get();
    // The Secret first, then status: status must never describe a key that is not stored.
    written.put(keyPair.getMetadata().getUid(), key.publicKey().sha256Fingerprint());
    secrets.write(keyPair, secretName, key.privateKeyOpenSsh(), key.publicKey().canonical() + " " + comment,
        now.toString(), secretExists);
    generations.done(requestId);
    if (status.getPublicKey() != null && !"Generated".equals(reason)) {
      retire(status, now);
    }
    if (status.getSecretName() != null && !status.getSecretName().equals(secretName)) {
      secrets.get(keyPair, status.getSecretName())
          .filter(old -> OwnedSecrets.isOwnedBy(old, keyPair))
          .ifPresent(old -> secrets.delete(keyPair, old.getMetadata().getName()));
    }
    describe(status, key.publicKey(), secretName, now.toString());
    KeyLifetime.expiresAt(keyPair).ifPresent(at -> status.setExpiresAt(at.toString()));
    String message = type.family() + " " + bits + "-bit key " + key.publicKey().sha256Fingerprint() + " in Secret " + secretName;
    events.normal(keyPair, reason, message);
    ready(keyPair, status, Conditions.TRUE, "Generated", "key " + key.publicKey().sha256Fingerprint() + " in Secret "
        + secretName);
    prunePrevious(keyPair, status, now);
    return untilNextEvent(keyPair, status, now);
  }

  private char[] passphrase(KeyPair keyPair) {
    var ref = keyPair.getSpec().getPassphraseSecretRef();
    if (ref == null) {
      return null;
    }
    return secretReader.read(keyPair.getMetadata().getNamespace(), ref.getName(), SecretUsage.PASSPHRASE)
        .required(ref.getKey() == null ? "passphrase" : ref.getKey());
  }

  private static String changedKeyMessage(KeyPairStatus status, String secretName, String found) {
    String trusted = status.getFingerprint() == null
        ? "no key of this operator's" : "not the key " + status.getFingerprint() + " this operator generated";
    String consumers = status.getFingerprint() == null
        ? "Nothing is authorised from it." : "LogonUsers keep authorising " + status.getFingerprint() + ".";
    return "Secret " + secretName + " holds key " + found + ", " + trusted + ": it was changed by someone else. "
        + consumers + " To use the new key, annotate the KeyPair " + SecretKeyTrust.ACCEPT_ANNOTATION + "=" + found
        + "; to drop it, delete the Secret and a new key is generated";
  }

  /** Soon enough that a person's acceptance is noticed: annotations alone do not trigger a reconcile. */
  private Duration recheckChangedSecret() {
    return resyncInterval.compareTo(CHANGED_SECRET_RECHECK) < 0 ? resyncInterval : CHANGED_SECRET_RECHECK;
  }

  private static String annotation(KeyPair keyPair, String key) {
    Map<String, String> annotations = keyPair.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private boolean expired(KeyPair keyPair, KeyPairStatus status, Instant now) {
    Optional<Instant> expiresAt = KeyLifetime.expiresAt(keyPair);
    if (expiresAt.isEmpty() || now.isBefore(expiresAt.get())) {
      return false;
    }
    status.setExpiresAt(expiresAt.get().toString());
    if (status.getSecretName() != null) {
      secrets.get(keyPair, status.getSecretName())
          .filter(secret -> OwnedSecrets.isOwnedBy(secret, keyPair))
          .ifPresent(secret -> secrets.delete(keyPair, secret.getMetadata().getName()));
      status.setSecretName(null);
    }
    ready(keyPair, status, Conditions.FALSE, "Expired", "expired at " + expiresAt.get()
        + "; its Secret was removed and consumers must drop the key");
    return true;
  }

  private static void retire(KeyPairStatus status, Instant now) {
    List<PreviousPublicKey> previous = status.getPreviousPublicKeys() == null
        ? new ArrayList<>() : new ArrayList<>(status.getPreviousPublicKeys());
    PreviousPublicKey retired = new PreviousPublicKey();
    retired.setPublicKey(status.getPublicKey());
    retired.setFingerprint(status.getFingerprint());
    retired.setRetiredAt(now.toString());
    previous.add(retired);
    status.setPreviousPublicKeys(previous);
  }

  /**
   * A replaced key stays listed for at least renewBefore, and beyond that until every LogonUser
   * that uses this KeyPair reports the current key on all its instances: consumers authorise the
   * new key before the old one goes (make-before-break).
   */
  private void prunePrevious(KeyPair keyPair, KeyPairStatus status, Instant now) {
    if (status.getPreviousPublicKeys() == null) {
      return;
    }
    Duration keep = KeyLifetime.renewBefore(keyPair.getSpec());
    List<PreviousPublicKey> windowOpen = status.getPreviousPublicKeys().stream()
        .filter(key -> Instant.parse(key.getRetiredAt()).plus(keep).isAfter(now))
        .toList();
    boolean consumersMoved = consumers.allMovedTo(keyPair, status.getFingerprint());
    List<PreviousPublicKey> kept = consumersMoved ? windowOpen : status.getPreviousPublicKeys();
    status.setPreviousPublicKeys(kept.isEmpty() ? null : kept);
  }

  private static void describe(KeyPairStatus status, SshPublicKey key, String secretName, String generatedAt) {
    status.setPublicKey(key.canonical());
    status.setFingerprint(key.sha256Fingerprint());
    status.setMd5Fingerprint(key.md5Fingerprint());
    status.setType(key.type().family());
    status.setBits(key.bits());
    status.setSecretName(secretName);
    status.setGeneratedAt(generatedAt);
  }

  /** Until the next rotation or expiry, or the resync interval, whichever comes first. */
  private Duration untilNextEvent(KeyPair keyPair, KeyPairStatus status, Instant now) {
    Duration next = resyncInterval;
    List<Instant> moments = new ArrayList<>();
    KeyLifetime.expiresAt(keyPair).ifPresent(moments::add);
    if (status.getGeneratedAt() != null) {
      KeyLifetime.rotationDue(keyPair.getSpec(), Instant.parse(status.getGeneratedAt())).ifPresent(moments::add);
    }
    for (Instant moment : moments) {
      Duration until = Duration.between(now, moment).plusSeconds(1);
      if (!until.isNegative() && until.compareTo(next) < 0) {
        next = until;
      }
    }
    return next;
  }

  private static int bitsOf(SshKeyType type) {
    return switch (type) {
      case ECDSA_P384 -> 384;
      case ECDSA_P521 -> 521;
      default -> 256;
    };
  }

  private void ready(KeyPair keyPair, KeyPairStatus status, String conditionStatus, String reason, String message) {
    status.setConditions(conditions.set(status.getConditions(), keyPair, ConditionType.READY, conditionStatus, reason,
        message));
  }
}
