package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.LogonUserStatus;
import io.ecslogon.operator.convergence.AuthMethods;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.convergence.InstanceUsers;
import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.ecsinstance.EcsInstanceReconciler;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.ecsinstance.PasswordHostKeyRule;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.events.ReadyEvents;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.linux.LinuxPasswords;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.ecslogon.operator.lockout.LockOutGuard;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Converges a LogonUser on each target instance (user, authorized keys, sudo rule), reports per
 * instance and as ready/targets, and on deletion removes what its policy says, holding the
 * finalizer while an instance it changed cannot be reached.
 */
@ControllerConfiguration(name = "logonuser")
public class LogonUserReconciler implements Reconciler<LogonUser>, Cleaner<LogonUser> {
  /** Set to "true" to let a LogonUser go without cleaning up instances that cannot be reached. */
  public static final String SKIP_CLEANUP = "ecslogon.io/skip-instance-cleanup";
  static final Duration CLEANUP_RETRY = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final InstanceAccess instances;
  private final ExecutorService fleet;
  private LogonUserTargets targets;
  private final PasswordSource passwords;
  private DesiredUsers desiredUsers;
  private final Conditions conditions;
  private final EventRecorder events;
  private final ReadyEvents readyEvents;
  private final Duration resyncInterval;

  public LogonUserReconciler(LogonUserDependencies dependencies) {
    this.client = dependencies.client();
    this.instances = dependencies.instances();
    this.fleet = dependencies.fleet();
    this.passwords = new PasswordSource(dependencies.client(), new PasswordGenerator(new SecureRandom()));
    this.conditions = new Conditions(dependencies.clock());
    this.events = dependencies.events();
    this.readyEvents = new ReadyEvents(dependencies.events());
    this.resyncInterval = dependencies.resyncInterval();
  }

  /**
   * An EcsInstance re-triggers the LogonUsers that target it or reported it before (it became
   * Ready, its labels changed); a KeyPair re-triggers the LogonUsers that reference it. Targets,
   * claims and keys are then read from these informers' caches, never listed per visit.
   */
  @Override
  public List<EventSource<?, LogonUser>> prepareEventSources(EventSourceContext<LogonUser> context) {
    InformerEventSource<EcsInstance, LogonUser> instanceSource = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(EcsInstance.class, LogonUser.class)
            .withOnUpdateFilter(LogonUserReconciler::mattersToUsers)
            .withSecondaryToPrimaryMapper(changed -> usersOf(context, (EcsInstance) changed)).build(), context);
    InformerEventSource<KeyPair, LogonUser> keyPairSource = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KeyPair.class, LogonUser.class)
            .withSecondaryToPrimaryMapper(changed -> usersReferencing(context, changed)).build(), context);
    this.targets = new LogonUserTargets(instanceSource, namespace -> context.getPrimaryCache().list(namespace));
    this.desiredUsers = new DesiredUsers((namespace, name) -> keyPairSource.get(new ResourceID(name, namespace)));
    return List.of(instanceSource, keyPairSource);
  }

  /**
   * An EcsInstance update concerns its LogonUsers only when it changes which LogonUsers target it
   * (labels), whether work may run there (Ready, the trusted host key) or its spec: every visit
   * updates its status, and waking every LogonUser for that made a fleet's steady state do each
   * LogonUser's work several times per resync.
   */
  static boolean mattersToUsers(EcsInstance now, EcsInstance before) {
    return !java.util.Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
        || !java.util.Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || now.getMetadata().getDeletionTimestamp() != null || before.getMetadata().getDeletionTimestamp() != null
        || InstanceAccess.isReady(now) != InstanceAccess.isReady(before)
        || !java.util.Objects.equals(hostKey(now), hostKey(before));
  }

  private static String hostKey(EcsInstance instance) {
    return instance.getStatus() == null ? null : instance.getStatus().getHostKeyFingerprint();
  }

  private static Set<ResourceID> usersOf(EventSourceContext<LogonUser> context, EcsInstance changed) {
    String name = changed.getMetadata().getName();
    return context.getPrimaryCache().list(changed.getMetadata().getNamespace())
        .filter(user -> LogonUserTargets.targets(user, changed) || (user.getStatus() != null
            && user.getStatus().getInstances() != null
            && user.getStatus().getInstances().stream().anyMatch(r -> name.equals(r.getName()))))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Set<ResourceID> usersReferencing(EventSourceContext<LogonUser> context, HasMetadata keyPair) {
    String name = keyPair.getMetadata().getName();
    return context.getPrimaryCache().list(keyPair.getMetadata().getNamespace())
        .filter(user -> user.getSpec().getKeyPairRefs() != null
            && user.getSpec().getKeyPairRefs().stream().anyMatch(ref -> name.equals(ref.getName())))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** Observe (targets, password, keys) → decide and act per instance, in parallel → report. */
  @Override
  public UpdateControl<LogonUser> reconcile(LogonUser user, Context<LogonUser> context) {
    LogonUserStatusDraft draft = new LogonUserStatusDraft(user, conditions);
    try {
      DesiredUser desired = desiredUsers.of(user);
      Optional<PasswordSource.Password> password = password(user);
      password.ifPresent(draft::password);
      if (password.isPresent() && password.get().created()) {
        // Recorded before it goes anywhere: only the Secret whose uid status holds is trusted later.
        draft.keepInstances();
        return StatusUpdates.patchIfChanged(user, draft.status(), LogonUser::new).rescheduleAfter(Duration.ofSeconds(1));
      }
      List<EcsInstance> targeted = targets.of(user);
      // Every instance at once (bounded by the fleet pool); each one's work is serialised by its lock.
      Map<String, AuthMethods> authMethods = new ConcurrentSkipListMap<>();
      List<CompletableFuture<InstanceResult>> visits = targeted.stream()
          .map(instance -> CompletableFuture.supplyAsync(() -> applyTo(user, desired, password, instance, authMethods),
              fleet))
          .toList();
      List<InstanceResult> results = new ArrayList<>(visits.stream().map(CompletableFuture::join).toList());
      results.addAll(leftBehind(user, desired, targeted));
      draft.instances(results);
      draft.authMethods(desired, password.isPresent(), authMethods);
    } catch (NotApplied e) {
      draft.notApplied(e);
    }
    LogonUserStatus status = draft.status();
    readyEvents.announce(user, user.getStatus() == null ? null : user.getStatus().getConditions(), status.getConditions());
    return StatusUpdates.patchIfChanged(user, status, LogonUser::new).rescheduleAfter(resyncInterval);
  }

  private Optional<PasswordSource.Password> password(LogonUser user) {
    try {
      return passwords.resolve(user);
    } catch (InvalidSecretException e) {
      throw new NotApplied("PasswordSecretInvalid", e.getMessage());
    }
  }

  /** The password version this LogonUser last set on the instance, from its own status. */
  private static String appliedPasswordVersion(LogonUser user, String instance) {
    if (user.getStatus() == null || user.getStatus().getInstances() == null) {
      return null;
    }
    return user.getStatus().getInstances().stream().filter(r -> instance.equals(r.getName()))
        .map(InstanceResult::getPasswordVersion).filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private InstanceResult applyTo(LogonUser user, DesiredUser desired, Optional<PasswordSource.Password> password,
      EcsInstance instance, Map<String, AuthMethods> authMethods) {
    String name = instance.getMetadata().getName();
    if (!InstanceAccess.isReady(instance)) {
      return result(name, false, "InstanceNotReady", "waiting for EcsInstance " + name + " to be Ready", null);
    }
    LogonUser claimant = targets.claimant(user, instance);
    if (!claimant.getMetadata().getName().equals(user.getMetadata().getName())) {
      return result(name, false, "Conflict", "user " + desired.username() + " on " + name + " is managed by LogonUser "
          + claimant.getMetadata().getName() + "; nothing was changed", null);
    }
    Optional<String> noPasswordHere = password.flatMap(p -> PasswordHostKeyRule.refusal(instance));
    if (noPasswordHere.isPresent()) {
      return result(name, false, PasswordHostKeyRule.REASON, noPasswordHere.get() + "; nothing was changed", null);
    }
    try {
      String applied = appliedPasswordVersion(user, name);
      // Set only when the Secret changed: the password cannot be read back to compare.
      boolean setsPassword = password.isPresent() && !password.get().version().equals(applied);
      InstanceUsers.UserOutcome outcome = instances.withAdmin(instance, (shell, admin) -> {
        if (setsPassword) {
          LockOutGuard.password(admin, desired.username()).ifPresent(problem -> {
            throw new NotApplied(LockOutGuard.WOULD_LOCK_OUT_OPERATOR, problem);
          });
        }
        InstanceUsers.Result run = new InstanceUsers(shell, admin, EcsInstanceReconciler.key(instance)).converge(List.of(desired), Set.of(desired.owner()),
            List.of());
        // What this LogonUser put there under another user name (spec.username changed) went with it.
        run.removals().forEach(removal -> announceRemoval(user, name, removal, " (no longer declared)"));
        InstanceUsers.UserOutcome converged = run.users().get(0);
        if (converged.failure() != null) {
          throw converged.failure();
        }
        if (setsPassword) {
          new LinuxPasswords(shell).set(desired.username(), password.get().value());
          List<String> changes = new ArrayList<>(converged.changes());
          changes.add("set the password of " + desired.username() + " from Secret " + password.get().secretName());
          return new InstanceUsers.UserOutcome(desired, changes, converged.foreignKeys(), converged.authMethods(), null);
        }
        return converged;
      });
      authMethods.put(name, outcome.authMethods());
      for (String change : outcome.changes()) {
        events.normal(user, "Changed", change + " on " + name);
      }
      String message = outcome.foreignKeys().isEmpty()
          ? "in the declared state"
          : "in the declared state; " + outcome.foreignKeys().size() + " key(s) outside the operator's block left as they are (Merge)";
      InstanceResult result = result(name, true, "Ready", message, fingerprints(desired));
      result.setPasswordVersion(password.map(PasswordSource.Password::version).orElse(null));
      return result;
    } catch (NotApplied e) {
      announceLockOutRefusal(user, name, e);
      return result(name, false, e.reason(), e.getMessage(), null);
    } catch (HostException | InvalidSecretException e) {
      return result(name, false, InstanceFailure.reason(e), e.getMessage(), null);
    }
  }

  /** A Warning Event when a change is refused for the operator's sake, once, not on every resync. */
  private void announceLockOutRefusal(LogonUser user, String instance, NotApplied refusal) {
    if (!LockOutGuard.WOULD_LOCK_OUT_OPERATOR.equals(refusal.reason())) {
      return;
    }
    boolean known = user.getStatus() != null && user.getStatus().getInstances() != null
        && user.getStatus().getInstances().stream().anyMatch(r -> instance.equals(r.getName())
            && refusal.reason().equals(r.getReason()) && refusal.getMessage().equals(r.getMessage()));
    if (!known) {
      events.warning(user, refusal.reason(), refusal.getMessage() + " (EcsInstance " + instance + ")");
    }
  }

  /** Deleting or leaving an instance: what would lock the operator out stays, and a Warning says so. */
  private void leftInPlace(LogonUser user, String instance, NotApplied refusal) {
    events.warning(user, refusal.reason(), refusal.getMessage() + " (EcsInstance " + instance + "); the user, its"
        + " keys and its sudo rule were left as they are");
  }

  /**
   * Instances this LogonUser reported before but no longer targets (labels changed, selector
   * narrowed): cleaned up as on deletion. One that cannot be cleaned up yet stays listed, not
   * ready, so the next visit tries again.
   */
  private List<InstanceResult> leftBehind(LogonUser user, DesiredUser desired, List<EcsInstance> targeted) {
    if (user.getStatus() == null || user.getStatus().getInstances() == null) {
      return List.of();
    }
    Set<String> current = targeted.stream().map(i -> i.getMetadata().getName()).collect(Collectors.toSet());
    List<InstanceResult> pending = new ArrayList<>();
    for (InstanceResult previous : user.getStatus().getInstances()) {
      if (current.contains(previous.getName())) {
        continue;
      }
      EcsInstance instance = targets.instance(user.getMetadata().getNamespace(), previous.getName()).orElse(null);
      if (instance == null) {
        continue;
      }
      try {
        if (!InstanceAccess.isReady(instance)) {
          throw new HostException("EcsInstance " + previous.getName() + " is not Ready");
        }
        InstanceUsers.Removal removal = removeFrom(instance, user, desired);
        announceRemoval(user, previous.getName(), removal, " (no longer targeted)");
        if (removal.failure() != null) {
          throw removal.failure();
        }
      } catch (HostException | InvalidSecretException e) {
        pending.add(result(previous.getName(), false, "CleanupPending", "no longer targeted, but cannot be cleaned up"
            + " yet: " + e.getMessage(), null));
      }
    }
    return pending;
  }

  @Override
  public DeleteControl cleanup(LogonUser user, Context<LogonUser> context) {
    if ("true".equals(annotation(user, SKIP_CLEANUP))) {
      events.warning(user, "CleanupSkipped", SKIP_CLEANUP + " is set: instances were not cleaned up");
      return DeleteControl.defaultDelete();
    }
    DesiredUser desired;
    try {
      // Removal needs the user and the block's owner, not the keys: a KeyPair still generating
      // must not stop the clean-up.
      desired = desiredUsers.forRemoval(user);
    } catch (NotApplied e) {
      return DeleteControl.defaultDelete();  // an invalid user name was never applied anywhere
    }
    List<String> blocked = new ArrayList<>();
    for (String name : appliedInstances(user)) {
      EcsInstance instance = targets.instance(user.getMetadata().getNamespace(), name).orElse(null);
      if (instance == null) {
        continue;
      }
      try {
        if (!InstanceAccess.isReady(instance)) {
          throw new HostException("EcsInstance " + name + " is not Ready");
        }
        InstanceUsers.Removal removal = removeFrom(instance, user, desired);
        announceRemoval(user, name, removal, "");
        if (removal.failure() != null) {
          throw removal.failure();
        }
      } catch (HostException | InvalidSecretException e) {
        blocked.add(name + " (" + e.getMessage() + ")");
      }
    }
    if (blocked.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    events.warning(user, "CleanupBlocked", "cannot clean up " + blocked + "; the finalizer stays until they are"
        + " reachable, or set the annotation " + SKIP_CLEANUP + "=true to let go without cleaning up");
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY.toMillis());
  }

  /**
   * Removes what this LogonUser put on the instance: the declared user (also where no inventory
   * names it, from before there was one) and whatever the inventory says it added.
   */
  private InstanceUsers.Removal removeFrom(EcsInstance instance, LogonUser user, DesiredUser desired) {
    InstanceUsers.Retired declared = new InstanceUsers.Retired(desired.owner(), desired.username(),
        desired.deletionPolicy(), desired.adopt());
    InstanceUsers.Result run = instances.withAdmin(instance, (shell, admin) -> new InstanceUsers(shell, admin,
        EcsInstanceReconciler.key(instance)).converge(List.of(), Set.of(desired.owner()), List.of(declared)));
    List<String> changes = new ArrayList<>();
    NotApplied refusal = null;
    RuntimeException failure = null;
    for (InstanceUsers.Removal removal : run.removals()) {
      changes.addAll(removal.changes());
      refusal = refusal == null ? removal.refusal() : refusal;
      failure = failure == null ? removal.failure() : failure;
    }
    return new InstanceUsers.Removal(declared, changes, refusal, failure);
  }

  /** Events for what a removal changed, and the Warning when it was left in place for the operator's sake. */
  private void announceRemoval(LogonUser user, String instance, InstanceUsers.Removal removal, String why) {
    removal.changes().forEach(change -> events.normal(user, "Removed", change + " on " + instance + why));
    if (removal.refusal() != null) {
      leftInPlace(user, instance, removal.refusal());
    }
  }

  /** Instances this LogonUser may have changed: those it targets now and those it reported before. */
  private Set<String> appliedInstances(LogonUser user) {
    Set<String> names = new LinkedHashSet<>();
    targets.of(user).forEach(instance -> names.add(instance.getMetadata().getName()));
    if (user.getStatus() != null && user.getStatus().getInstances() != null) {
      user.getStatus().getInstances().forEach(result -> names.add(result.getName()));
    }
    return names;
  }

  private static List<String> fingerprints(DesiredUser desired) {
    return desired.keyLines().stream().map(line -> SshPublicKey.parse(line).sha256Fingerprint()).toList();
  }

  private static InstanceResult result(String name, boolean ready, String reason, String message, List<String> fingerprints) {
    InstanceResult result = new InstanceResult();
    result.setName(name);
    result.setReady(ready);
    result.setReason(reason);
    result.setMessage(message);
    result.setKeyFingerprints(fingerprints);
    return result;
  }

  private static String annotation(HasMetadata resource, String key) {
    return resource.getMetadata().getAnnotations() == null ? null : resource.getMetadata().getAnnotations().get(key);
  }
}
