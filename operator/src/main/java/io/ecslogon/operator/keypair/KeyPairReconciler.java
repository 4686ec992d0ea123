package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairSpec;
import io.ecslogon.operator.api.v1alpha1.KeyPairStatus;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
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
import io.ecslogon.operator.status.ReconcileErrors;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
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
 * removes it when the KeyPair expires. A Secret it does not own is never overwritten. With
 * spec.alibabaCloud it also keeps the key registered in ECS ({@link EcsRegistration}), behind a
 * finalizer that deletes it from ECS with the KeyPair.
 *
 * <p>Every event reaches {@link #reconcile}, deletions included, and the finalizer is handled here,
 * not through JOSDK's {@code Cleaner}: a Cleaner puts its finalizer on every KeyPair, and a KeyPair
 * without spec.alibabaCloud has nothing outside the cluster to clean up and must be deleted at once.
 */
@ControllerConfiguration(name = "keypair", triggerReconcilerOnAllEvents = true)
public class KeyPairReconciler implements Reconciler<KeyPair> {
  static final Duration GENERATION_POLL = Duration.ofMillis(500);
  /** From a key announced in status to storing it: as soon as the status write is through. */
  static final Duration ANNOUNCE_POLL = Duration.ofMillis(50);
  static final Duration CHANGED_SECRET_RECHECK = Duration.ofSeconds(15);
  /** Set by the operator on a KeyPair with spec.alibabaCloud: its key pair in ECS is deleted before it goes. */
  public static final String ECS_FINALIZER = "ecslogon.io/ecs-key-pair";
  /** Set to "true" to let a KeyPair go without deleting its key pair from ECS (credentials gone, say). */
  public static final String SKIP_ECS_CLEANUP = "ecslogon.io/skip-ecs-cleanup";
  static final Duration MIN_DELETE_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_DELETE_RETRY = Duration.ofMinutes(2);

  private final OwnedSecrets secrets;
  private final SecretReader secretReader;
  private final KeyGenerations generations;
  private final SecretKeyCheck keyCheck = new SecretKeyCheck();
  /** Set when the event sources are prepared, before the first reconcile. */
  private volatile KeyConsumers consumers;
  private final Conditions conditions;
  private final EventRecorder events;
  private final ReadyEvents readyEvents;
  private final Clock clock;
  private final Duration resyncInterval;
  private final EcsRegistration ecs;
  /**
   * The fingerprint this process last wrote into each KeyPair's Secret (by KeyPair uid): how a key
   * the operator wrote is told from one someone else wrote, while status may still lag behind.
   * Lost on restart; a crash between writing the Secret and its status then needs a person's
   * acceptance, which is safe.
   */
  private final Map<String, String> written = new ConcurrentHashMap<>();

  public KeyPairReconciler(KeyPairDependencies dependencies) {
    this.secrets = new OwnedSecrets(dependencies.client());
    this.secretReader = dependencies.secretReader();
    this.generations = dependencies.generations();
    this.conditions = new Conditions(dependencies.clock());
    this.events = dependencies.events();
    this.readyEvents = new ReadyEvents(dependencies.events());
    this.clock = dependencies.clock();
    this.resyncInterval = dependencies.resyncInterval();
    this.ecs = new EcsRegistration(dependencies.cloudCredentials(),
        dependencies.ecsKeyPairs(), dependencies.events());
  }

  /**
   * The Secrets KeyPairs own, and only those (by label), so a deleted or edited one is noticed at
   * once; and the LogonUsers that consume KeyPairs, indexed by KeyPair (see {@link KeyConsumers}).
   */
  @Override
  public List<EventSource<?, KeyPair>> prepareEventSources(EventSourceContext<KeyPair> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, KeyPair.class)
        .withLabelSelector(OwnedSecrets.MANAGED_BY + "=" + OwnedSecrets.OPERATOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(KeyPair.class))
        .build();
    InformerEventSource<LogonUser, KeyPair> users = KeyConsumers.eventSource(context);
    consumers = new KeyConsumers(users);
    return List.of(new InformerEventSource<>(configuration, context), users);
  }

  @Override
  public UpdateControl<KeyPair> reconcile(KeyPair keyPair, Context<KeyPair> context) {
    if (context.isPrimaryResourceDeleted()) {
      return UpdateControl.noUpdate();
    }
    if (keyPair.isMarkedForDeletion()) {
      return deleting(keyPair, context);
    }
    if (keyPair.getSpec().getAlibabaCloud() != null && !keyPair.hasFinalizer(ECS_FINALIZER)) {
      // Before anything is registered in ECS: from then on the KeyPair cannot go without deleting it there.
      keyPair = PrimaryUpdateAndCacheUtils.addFinalizer(context, ECS_FINALIZER);
    }
    KeyPairStatusDraft draft = new KeyPairStatusDraft(keyPair, conditions);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Duration next;
    Optional<String> invalid = KeyLifetime.problem(keyPair.getSpec());
    try {
      if (invalid.isPresent()) {
        // Nothing is generated, rotated or removed on a spec whose schedule cannot be trusted.
        draft.invalidSpec(invalid.get());
        next = resyncInterval;
      } else {
        next = keyPair.getSpec().getPublicKey() != null ? imported(keyPair, draft, now) : generated(keyPair, draft, now);
      }
    } catch (SecretNotOptedInException e) {
      draft.secretNotOptedIn(e.getMessage());
      next = Duration.ofSeconds(15);
    } catch (InvalidSecretException e) {
      draft.passphraseSecretInvalid(e.getMessage());
      next = Duration.ofSeconds(15);
    }
    inEcs(keyPair, draft, context);
    announce(keyPair, draft);
    // Written and cached at once: the next visit must see what this one registered in ECS (a stale
    // copy without it would take the operator's own key pair for someone else's).
    return StatusUpdates.patchAndCacheIfChanged(keyPair, draft.status(), KeyPair::new, context).rescheduleAfter(next);
  }

  /**
   * The key status now describes, registered in ECS when it is good to use; an expired one taken
   * out of ECS; and everything taken out, and the finalizer removed, once spec.alibabaCloud is gone
   * (the API refuses that; a KeyPair written before the rule could still get there).
   */
  private void inEcs(KeyPair keyPair, KeyPairStatusDraft draft, Context<KeyPair> context) {
    if (keyPair.getSpec().getAlibabaCloud() == null) {
      if (keyPair.hasFinalizer(ECS_FINALIZER) && ecs.withdraw(keyPair, draft)) {
        draft.leftEcs();
        PrimaryUpdateAndCacheUtils.removeFinalizer(context, ECS_FINALIZER);
      }
    } else if (draft.expired()) {
      if (ecs.withdraw(keyPair, draft)) {
        draft.notRegisteredInEcs(Reason.EXPIRED, "the KeyPair expired: its key pair was deleted from ECS");
      }
    } else if (draft.ready()) {
      ecs.register(keyPair, draft);
    }
  }

  /**
   * A KeyPair being deleted: with the ECS finalizer, its key pair is deleted from ECS first. ECS
   * refuses while instances are bound to it (StillBound): the finalizer stays, and the next try
   * waits longer the longer it has been refused, up to {@link #MAX_DELETE_RETRY}.
   */
  private UpdateControl<KeyPair> deleting(KeyPair keyPair, Context<KeyPair> context) {
    if (!keyPair.hasFinalizer(ECS_FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    KeyPairStatusDraft draft = new KeyPairStatusDraft(keyPair, conditions);
    if ("true".equals(annotation(keyPair, SKIP_ECS_CLEANUP))) {
      events.warning(keyPair, Reason.ECS_CLEANUP_SKIPPED, SKIP_ECS_CLEANUP + " is set: key pair "
          + (draft.registeredInEcs() == null ? "(none)" : draft.registeredInEcs().getKeyPairName())
          + " was left in ECS");
      PrimaryUpdateAndCacheUtils.removeFinalizer(context, ECS_FINALIZER);
      return UpdateControl.noUpdate();
    }
    if (ecs.withdraw(keyPair, draft)) {
      PrimaryUpdateAndCacheUtils.removeFinalizer(context, ECS_FINALIZER);
      return UpdateControl.noUpdate();
    }
    announce(keyPair, draft);
    return StatusUpdates.patchAndCacheIfChanged(keyPair, draft.status(), KeyPair::new, context)
        .rescheduleAfter(deleteRetry(draft));
  }

  /** Half as long as the deletion has been refused: quick after a first refusal, seldom for a long-bound key pair. */
  private Duration deleteRetry(KeyPairStatusDraft draft) {
    Duration refusedFor = Conditions.find(draft.status().getConditions(), ConditionType.REGISTERED_IN_ECS)
        .map(condition -> Duration.between(Instant.parse(condition.getLastTransitionTime()), clock.instant()))
        .orElse(Duration.ZERO);
    Duration half = refusedFor.dividedBy(2);
    return half.compareTo(MIN_DELETE_RETRY) < 0 ? MIN_DELETE_RETRY
        : half.compareTo(MAX_DELETE_RETRY) > 0 ? MAX_DELETE_RETRY : half;
  }

  private void announce(KeyPair keyPair, KeyPairStatusDraft draft) {
    List<Condition> before = keyPair.getStatus() == null ? null : keyPair.getStatus().getConditions();
    readyEvents.announce(keyPair, before, draft.status().getConditions());
    readyEvents.announce(keyPair, ConditionType.REGISTERED_IN_ECS, before, draft.status().getConditions());
  }

  /**
   * An exception that escaped {@link #reconcile} (the API server refusing a write, a key generation
   * that failed): Ready=False with reason ReconcileError and a secret-free message, rather than a
   * Ready=True that no longer holds. JOSDK retries with backoff afterwards.
   */
  @Override
  public ErrorStatusUpdateControl<KeyPair> updateErrorStatus(KeyPair keyPair, Context<KeyPair> context,
      Exception error) {
    KeyPairStatus next = ReconcileErrors.statusAfter(keyPair, error, ConditionType.READY, conditions,
        KeyPairStatus::new);
    readyEvents.announce(keyPair, keyPair.getStatus() == null ? null : keyPair.getStatus().getConditions(),
        next.getConditions());
    return StatusUpdates.errorPatchIfChanged(keyPair, next, KeyPair::new);
  }

  private Duration imported(KeyPair keyPair, KeyPairStatusDraft draft, Instant now) {
    if (expired(keyPair, draft, now)) {
      return resyncInterval;
    }
    SshPublicKey key;
    try {
      key = SshPublicKey.parse(keyPair.getSpec().getPublicKey());
    } catch (InvalidPublicKeyException e) {
      draft.invalidPublicKey(e.getMessage());
      return resyncInterval;
    }
    draft.imported(key, now, KeyLifetime.expiresAt(keyPair));
    return untilNextEvent(keyPair, draft, now);
  }

  private Duration generated(KeyPair keyPair, KeyPairStatusDraft draft, Instant now) {
    if (expired(keyPair, draft, now)) {
      return resyncInterval;
    }
    KeyPairSpec spec = keyPair.getSpec();
    SshKeyType type = SshKeyType.of(spec.getType() == null ? null : spec.getType().name(), spec.getBits());
    int bits = type == SshKeyType.RSA ? (spec.getBits() == null ? 3072 : spec.getBits()) : bitsOf(type);
    String secretName = OwnedSecrets.nameFor(keyPair);
    Optional<Secret> existing = secrets.get(keyPair, secretName);

    if (existing.isPresent() && !OwnedSecrets.isOwnedBy(existing.get(), keyPair)) {
      draft.secretConflict(secretName);
      return resyncInterval;
    }
    char[] passphrase = passphrase(keyPair);
    if (existing.isPresent()) {
      Optional<SshPublicKey> held = keyCheck.heldKey(existing.get(), passphrase);
      if (held.isEmpty()) {
        draft.secretModified(secretName);
        return resyncInterval;
      }
      if (!held.get().canonical().equals(draft.publicKey())) {
        String fingerprint = held.get().sha256Fingerprint();
        SecretKeyTrust.Verdict verdict = SecretKeyTrust.judge(fingerprint, written.get(keyPair.getMetadata().getUid()),
            draft.pendingFingerprint(), annotation(keyPair, SecretKeyTrust.ACCEPT_ANNOTATION));
        if (verdict == SecretKeyTrust.Verdict.REFUSED) {
          draft.secretKeyChanged(secretName, fingerprint);
          return recheckChangedSecret();
        }
        if (verdict == SecretKeyTrust.Verdict.ACCEPTED) {
          written.put(keyPair.getMetadata().getUid(), fingerprint);
          draft.holds(held.get(), secretName, now.toString(), now);
          events.normal(keyPair, Reason.SECRET_KEY_ACCEPTED, "key " + fingerprint + " in Secret " + secretName
              + " accepted through the annotation " + SecretKeyTrust.ACCEPT_ANNOTATION + "; consumers now authorise it");
        } else {
          // Status lags the Secret (a stale read after our own write): the Secret wins.
          draft.holds(held.get(), secretName, OwnedSecrets.generatedAt(existing.get()).orElse(now.toString()), now);
        }
      }
    }
    Optional<String> reason = replacementReason(keyPair.getSpec(), draft, existing, type, bits, now);
    if (reason.isEmpty()) {
      draft.current(secretName, KeyLifetime.expiresAt(keyPair));
      prunePrevious(keyPair, draft, now);
      return untilNextEvent(keyPair, draft, now);
    }
    return replace(keyPair, draft, now, type, bits, secretName, existing.isPresent(), reason.get(), passphrase);
  }

  /** Why a new key is needed now, if it is. */
  private static Optional<String> replacementReason(KeyPairSpec spec, KeyPairStatusDraft draft,
      Optional<Secret> existing, SshKeyType type, int bits, Instant now) {
    if (existing.isEmpty()) {
      return Optional.of(draft.publicKey() == null ? Reason.GENERATED : Reason.SECRET_RECREATED);
    }
    if (!draft.describesKeyOf(type, bits)) {
      return Optional.of(Reason.REGENERATED);
    }
    return KeyLifetime.rotationDue(spec, draft.generatedAt().orElseThrow())
        .filter(due -> !now.isBefore(due))
        .map(due -> Reason.ROTATED);
  }

  private Duration replace(KeyPair keyPair, KeyPairStatusDraft draft, Instant now, SshKeyType type, int bits,
      String secretName, boolean secretExists, String reason, char[] passphrase) {
    String requestId = keyPair.getMetadata().getUid() + "/" + draft.fingerprint() + "/" + type + "/" + bits;
    String comment = "keypair:" + keyPair.getMetadata().getNamespace() + "/" + keyPair.getMetadata().getName();
    Optional<GeneratedKey> generated = generations.poll(requestId, type, bits, comment, passphrase);
    if (generated.isEmpty()) {
      draft.generating(type, bits);
      return GENERATION_POLL;
    }
    GeneratedKey key = generated.get();
    if (!key.publicKey().sha256Fingerprint().equals(draft.pendingFingerprint())) {
      // Announced in status first, stored on the next visit: an operator killed between the
      // Secret's write and status's would otherwise find a key it cannot tell from a planted one
      // (SecretKeyChanged, stuck until a person accepts it). Only the operator writes status.
      draft.announce(key.publicKey().sha256Fingerprint());
      return ANNOUNCE_POLL;
    }
    // The Secret first, then status: status must never describe a key that is not stored.
    written.put(keyPair.getMetadata().getUid(), key.publicKey().sha256Fingerprint());
    secrets.write(keyPair, secretName, key.privateKeyOpenSsh(), key.publicKey().canonical() + " " + comment,
        now.toString(), secretExists);
    generations.done(requestId);
    if (draft.secretName() != null && !draft.secretName().equals(secretName)) {
      secrets.get(keyPair, draft.secretName())
          .filter(old -> OwnedSecrets.isOwnedBy(old, keyPair))
          .ifPresent(old -> secrets.delete(keyPair, old.getMetadata().getName()));
    }
    draft.replaced(key.publicKey(), secretName, reason, now, KeyLifetime.expiresAt(keyPair));
    events.normal(keyPair, reason, type.family() + " " + bits + "-bit key " + key.publicKey().sha256Fingerprint()
        + " in Secret " + secretName);
    prunePrevious(keyPair, draft, now);
    return untilNextEvent(keyPair, draft, now);
  }

  private char[] passphrase(KeyPair keyPair) {
    var ref = keyPair.getSpec().getPassphraseSecretRef();
    if (ref == null) {
      return null;
    }
    return secretReader.read(keyPair.getMetadata().getNamespace(), ref.getName(), SecretUsage.PASSPHRASE)
        .required(ref.getKey() == null ? "passphrase" : ref.getKey());
  }

  /** Soon enough that a person's acceptance is noticed: annotations alone do not trigger a reconcile. */
  private Duration recheckChangedSecret() {
    return resyncInterval.compareTo(CHANGED_SECRET_RECHECK) < 0 ? resyncInterval : CHANGED_SECRET_RECHECK;
  }

  private static String annotation(KeyPair keyPair, String key) {
    Map<String, String> annotations = keyPair.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private boolean expired(KeyPair keyPair, KeyPairStatusDraft draft, Instant now) {
    Optional<Instant> expiresAt = KeyLifetime.expiresAt(keyPair);
    if (expiresAt.isEmpty() || now.isBefore(expiresAt.get())) {
      return false;
    }
    if (draft.secretName() != null) {
      secrets.get(keyPair, draft.secretName())
          .filter(secret -> OwnedSecrets.isOwnedBy(secret, keyPair))
          .ifPresent(secret -> secrets.delete(keyPair, secret.getMetadata().getName()));
    }
    draft.expired(expiresAt.get());
    return true;
  }

  /**
   * A replaced key stays listed for at least renewBefore, and beyond that until every LogonUser
   * that uses this KeyPair reports the current key on all its instances: consumers authorise the
   * new key before the old one goes (make-before-break).
   */
  private void prunePrevious(KeyPair keyPair, KeyPairStatusDraft draft, Instant now) {
    if (draft.previousPublicKeys().isEmpty()) {
      return;
    }
    Duration keep = KeyLifetime.renewBefore(keyPair.getSpec());
    List<PreviousPublicKey> windowOpen = draft.previousPublicKeys().stream()
        .filter(key -> Instant.parse(key.getRetiredAt()).plus(keep).isAfter(now))
        .toList();
    boolean consumersMoved = consumers.allMovedTo(keyPair, draft.fingerprint());
    draft.keepPrevious(consumersMoved ? windowOpen : draft.previousPublicKeys());
  }

  /** Until the next rotation or expiry, or the resync interval, whichever comes first. */
  private Duration untilNextEvent(KeyPair keyPair, KeyPairStatusDraft draft, Instant now) {
    Duration next = resyncInterval;
    List<Instant> moments = new ArrayList<>();
    KeyLifetime.expiresAt(keyPair).ifPresent(moments::add);
    draft.generatedAt().flatMap(at -> KeyLifetime.rotationDue(keyPair.getSpec(), at)).ifPresent(moments::add);
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
}
