package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.LogonUserStatus;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.events.ReadyEvents;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.ReconcileErrors;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Sums up a LogonUser from what its instances report: the work on an instance is done by that
 * instance's own visit ({@link UsersOnInstances}), which converges every LogonUser that applies to
 * it in one run. This reconciler checks the spec, generates the password Secret when asked to,
 * reports per instance and as ready/targets, and on deletion holds the finalizer until every
 * instance that had the user has removed it, or cannot be reached (CleanupBlocked).
 */
@ControllerConfiguration(name = "logonuser")
public class LogonUserReconciler implements Reconciler<LogonUser>, Cleaner<LogonUser> {
  /** Set to "true" to let a LogonUser go without cleaning up instances that cannot be reached. */
  public static final String SKIP_CLEANUP = "ecslogon.io/skip-instance-cleanup";
  static final Duration CLEANUP_RETRY = Duration.ofSeconds(15);
  /** How soon a deletion looks again while reachable instances are removing the user. */
  private static final Duration CLEANUP_POLL = Duration.ofSeconds(1);

  private LogonUserTargets targets;
  private final PasswordSource passwords;
  private DesiredUsers desiredUsers;
  private final Conditions conditions;
  private final EventRecorder events;
  private final ReadyEvents readyEvents;
  private final Duration resyncInterval;

  public LogonUserReconciler(LogonUserDependencies dependencies) {
    this.passwords = new PasswordSource(dependencies.client(), new PasswordGenerator(new SecureRandom()));
    this.conditions = new Conditions(dependencies.clock());
    this.events = dependencies.events();
    this.readyEvents = new ReadyEvents(dependencies.events());
    this.resyncInterval = dependencies.resyncInterval();
  }

  /**
   * An EcsInstance re-triggers the LogonUsers that target it or that it reports (its results
   * changed, it became Ready, its labels changed); a KeyPair re-triggers the LogonUsers that
   * reference it. Targets and keys are then read from these informers' caches.
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
    this.targets = new LogonUserTargets(instanceSource);
    this.desiredUsers = new DesiredUsers((namespace, name) -> keyPairSource.get(new ResourceID(name, namespace)));
    return List.of(instanceSource, keyPairSource);
  }

  /**
   * An EcsInstance update concerns its LogonUsers when it changes which of them target it
   * (labels), whether work may run there (Ready, the trusted host key), its spec, or what it
   * reports for its users; its other status writes (facts, conditions of its own) do not.
   */
  static boolean mattersToUsers(EcsInstance now, EcsInstance before) {
    return !Objects.equals(now.getMetadata().getLabels(), before.getMetadata().getLabels())
        || !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || now.getMetadata().getDeletionTimestamp() != null || before.getMetadata().getDeletionTimestamp() != null
        || InstanceAccess.isReady(now) != InstanceAccess.isReady(before)
        || !Objects.equals(hostKey(now), hostKey(before))
        || !Objects.equals(Serialization.asJson(reported(now)), Serialization.asJson(reported(before)));
  }

  private static String hostKey(EcsInstance instance) {
    return instance.getStatus() == null ? null : instance.getStatus().getHostKeyFingerprint();
  }

  private static List<InstanceUserResult> reported(EcsInstance instance) {
    return instance.getStatus() == null || instance.getStatus().getUsers() == null ? List.of()
        : instance.getStatus().getUsers();
  }

  private static Set<ResourceID> usersOf(EventSourceContext<LogonUser> context, EcsInstance changed) {
    Set<String> reported = reported(changed).stream().map(InstanceUserResult::getLogonUser).collect(Collectors.toSet());
    return context.getPrimaryCache().list(changed.getMetadata().getNamespace())
        .filter(user -> LogonUserTargets.targets(user, changed) || reported.contains(user.getMetadata().getName()))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Set<ResourceID> usersReferencing(EventSourceContext<LogonUser> context, HasMetadata keyPair) {
    String name = keyPair.getMetadata().getName();
    return context.getPrimaryCache().list(keyPair.getMetadata().getNamespace())
        .filter(user -> LogonUserTargets.references(user, name))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** Observe (spec, password, what the instances report) → report. */
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
      InstanceReports reports = new InstanceReports(user, desired, password.map(PasswordSource.Password::version));
      List<InstanceResult> results = new ArrayList<>();
      targets.of(user).forEach(instance -> results.add(reports.of(instance)));
      targets.reporting(user).stream()
          .filter(instance -> !LogonUserTargets.targets(user, instance))
          .forEach(instance -> results.add(reports.leaving(instance)));
      draft.instances(results);
      draft.authMethods(desired, password.isPresent(), reports.authMethods());
    } catch (NotApplied e) {
      draft.notApplied(e);
    }
    LogonUserStatus status = draft.status();
    readyEvents.announce(user, user.getStatus() == null ? null : user.getStatus().getConditions(), status.getConditions());
    return StatusUpdates.patchIfChanged(user, status, LogonUser::new).rescheduleAfter(resyncInterval);
  }

  /**
   * An exception that escaped {@link #reconcile}: Ready=False with reason ReconcileError and a
   * secret-free message, instead of a Ready=True that no longer holds.
   */
  @Override
  public ErrorStatusUpdateControl<LogonUser> updateErrorStatus(LogonUser user, Context<LogonUser> context,
      Exception error) {
    LogonUserStatus next = ReconcileErrors.statusAfter(user, error, ConditionType.READY, conditions,
        LogonUserStatus::new);
    readyEvents.announce(user, user.getStatus() == null ? null : user.getStatus().getConditions(), next.getConditions());
    return StatusUpdates.errorPatchIfChanged(user, next, LogonUser::new);
  }

  private Optional<PasswordSource.Password> password(LogonUser user) {
    try {
      return passwords.resolve(user);
    } catch (InvalidSecretException e) {
      throw new NotApplied("PasswordSecretInvalid", e.getMessage());
    }
  }

  /**
   * The instances' own visits remove the user (their plan sees the deletion); this waits until no
   * instance reports it any more. One that cannot be reached holds the finalizer, with a Warning,
   * until it can, or until the skip annotation lets go.
   */
  @Override
  public DeleteControl cleanup(LogonUser user, Context<LogonUser> context) {
    if ("true".equals(annotation(user, SKIP_CLEANUP))) {
      events.warning(user, "CleanupSkipped", SKIP_CLEANUP + " is set: instances were not cleaned up");
      return DeleteControl.defaultDelete();
    }
    if (targets == null || user.getSpec() == null) {
      return DeleteControl.defaultDelete();
    }
    List<String> blocked = new ArrayList<>();
    boolean removing = false;
    for (EcsInstance instance : targets.reporting(user)) {
      Optional<InstanceUserResult> left = InstancePlan.previous(instance, user);
      if (!InstanceAccess.isReady(instance)) {
        blocked.add(instance.getMetadata().getName() + " (EcsInstance " + instance.getMetadata().getName()
            + " is not Ready)");
      } else if (left.isPresent() && InstanceUserResults.CLEANUP_PENDING.equals(left.get().getReason())) {
        blocked.add(instance.getMetadata().getName() + " (" + left.get().getMessage() + ")");
      } else {
        removing = true;
      }
    }
    if (!blocked.isEmpty()) {
      events.warning(user, "CleanupBlocked", "cannot clean up " + blocked + "; the finalizer stays until they are"
          + " reachable, or set the annotation " + SKIP_CLEANUP + "=true to let go without cleaning up");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY.toMillis());
    }
    return removing ? DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_POLL.toMillis())
        : DeleteControl.defaultDelete();
  }

  private static String annotation(HasMetadata resource, String key) {
    return resource.getMetadata().getAnnotations() == null ? null : resource.getMetadata().getAnnotations().get(key);
  }
}
