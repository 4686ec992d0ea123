package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.api.v1alpha1.ApiGroup;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.PasswordAuthenticationChange;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.PasswordResetSpec;
import io.ecslogon.operator.api.v1alpha1.PasswordResetStatus;
import io.ecslogon.operator.api.v1alpha1.ResetMethod;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.ecsinstance.PasswordHostKeyRule;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.lockout.LockOutGuard;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.ReconcileErrors;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs a PasswordReset like a Job: Pending until its instance is Ready (Console: until it exists),
 * Running while the password is set (and, Offline and Console, until the instance restarted), then
 * Succeeded or Failed for good, deleted after spec.ttlSecondsAfterFinished if set. Every step can be repeated: a reconcile that starts
 * again after a crash sets the same password from the same Secret, and never asks for a second
 * restart (see {@link OfflineRestart}).
 */
@ControllerConfiguration(name = PasswordResetReconciler.NAME)
public class PasswordResetReconciler implements Reconciler<PasswordReset> {
  public static final String NAME = "passwordreset";
  private static final Pattern USERNAME = Pattern.compile(ApiGroup.USERNAME_PATTERN);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Duration NEXT_STEP = Duration.ofSeconds(1);
  /** How long a set password's login may go untried (sshd silent) before the reset fails. */
  private static final Duration LOGIN_PATIENCE = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final InstanceAccess instances;
  private final ResetPasswordSource passwords;
  private final PasswordSetter setter;
  private final OfflineRestart restart;
  private final ConsolePassword console;
  private final EventRecorder events;
  private final Conditions conditions;
  private final Clock clock;

  public PasswordResetReconciler(PasswordResetDependencies dependencies) {
    this.client = dependencies.client();
    this.instances = dependencies.instances();
    this.passwords = new ResetPasswordSource(dependencies.client(), dependencies.generator());
    this.setter = new PasswordSetter(dependencies.instances(), dependencies.events());
    this.restart = new OfflineRestart(dependencies.client());
    this.console = new ConsolePassword(dependencies.cloudCredentials(),
        dependencies.cloudPasswords(), dependencies.events());
    this.events = dependencies.events();
    this.conditions = new Conditions(dependencies.clock());
    this.clock = dependencies.clock();
  }

  @Override
  public UpdateControl<PasswordReset> reconcile(PasswordReset cached, Context<PasswordReset> context) {
    // Decisions are made on the stored status, not on a cached copy that may predate the last write.
    PasswordReset reset = client.resources(PasswordReset.class).inNamespace(cached.getMetadata().getNamespace())
        .withName(cached.getMetadata().getName()).get();
    if (reset == null) {
      return UpdateControl.noUpdate();
    }
    if (reset.getStatus() != null && finished(reset.getStatus().getPhase())) {
      return afterFinished(reset);
    }
    ResetStatusDraft draft = new ResetStatusDraft(reset, conditions, clock);
    Duration next;
    try {
      next = advance(reset, draft);
    } catch (ResetStopped stopped) {
      if (stopped.permanent()) {
        draft.failed(stopped.reason(), stopped.getMessage());
        events.warning(reset, stopped.reason(), stopped.getMessage());
        next = ttl(reset).orElse(null);
      } else {
        if (stopped.refused() && !stopped.reason().equals(draft.previousReason())) {
          events.warning(reset, stopped.reason(), stopped.getMessage());
        }
        draft.waiting(stopped.reason(), stopped.getMessage());
        next = RETRY;
      }
    } catch (HostException e) {
      draft.waiting("InstanceUnavailable", e.getMessage());
      next = RETRY;
    }
    UpdateControl<PasswordReset> update = StatusUpdates.patchIfChanged(reset, draft.status(), PasswordReset::new);
    return next == null ? update : update.rescheduleAfter(next.isZero() ? Duration.ofMillis(200) : next);
  }

  /**
   * An exception that escaped {@link #reconcile}: Complete=False with reason ReconcileError and a
   * secret-free message (see {@link ReconcileErrors}), and one Warning when that becomes the reason.
   * The phase is left as it is, since JOSDK retries; a reset that already finished keeps its
   * outcome (what failed then is housekeeping such as the TTL deletion, not the reset).
   */
  @Override
  public ErrorStatusUpdateControl<PasswordReset> updateErrorStatus(PasswordReset reset,
      Context<PasswordReset> context, Exception error) {
    if (reset.getStatus() != null && finished(reset.getStatus().getPhase())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    PasswordResetStatus next = ReconcileErrors.statusAfter(reset, error, ConditionType.COMPLETE, conditions,
        PasswordResetStatus::new);
    if (next.getPhase() == null) {
      next.setPhase(ResetPhase.Pending);
    }
    boolean newReason = !ReconcileErrors.REASON.equals(reset.getStatus() == null ? null
        : Conditions.find(reset.getStatus().getConditions(), ConditionType.COMPLETE).map(c -> c.getReason()).orElse(null));
    if (newReason) {
      events.warning(reset, ReconcileErrors.REASON, ReconcileErrors.message(error));
    }
    return StatusUpdates.errorPatchIfChanged(reset, next, PasswordReset::new);
  }

  private Duration advance(PasswordReset reset, ResetStatusDraft draft) {
    PasswordResetSpec spec = reset.getSpec();
    validate(spec);
    EcsInstance instance = client.resources(EcsInstance.class).inNamespace(reset.getMetadata().getNamespace())
        .withName(spec.getInstanceRef().getName()).get();
    if (instance == null) {
      throw ResetStopped.waiting("InstanceNotFound", "EcsInstance " + spec.getInstanceRef().getName() + " not found");
    }
    if (spec.getMethod() == ResetMethod.Console) {
      return advanceConsole(reset, instance, draft);
    }
    String username = spec.getUsername() != null ? spec.getUsername() : instance.getSpec().getAdminUser();
    boolean offline = spec.getMethod() == ResetMethod.Offline;
    if (!draft.passwordSet()) {
      if (!InstanceAccess.isReady(instance)) {
        throw ResetStopped.waiting("InstanceNotReady", "waiting for EcsInstance " + instance.getMetadata().getName()
            + " to be Ready");
      }
      refuseLockOut(instance, username);
      Optional<String> noPasswordHere = PasswordHostKeyRule.refusal(instance);
      if (noPasswordHere.isPresent()) {
        throw ResetStopped.refusedUntilFixed(PasswordHostKeyRule.REASON, noPasswordHere.get());
      }
      Optional<ResetPasswordSource.Password> resolved = passwordToSet(reset, username, draft);
      if (resolved.isEmpty()) {
        return NEXT_STEP;
      }
      ResetPasswordSource.Password password = resolved.get();
      boolean enable = spec.getSshPasswordAuthentication() == PasswordAuthenticationChange.Enable;
      PasswordSetter.Outcome outcome = setter.set(reset, instance, username, password, enable);
      if (outcome.login() != null) {
        draft.passwordLogin(outcome.login());
      }
      if (!outcome.passwordSet()) {
        throw ResetStopped.failed("PasswordLoginRefused", "sshPasswordAuthentication: Enable, but "
            + outcome.login().message() + "; the password was not changed. Allow it in EcsInstance spec.sshd (or the"
            + " instance's sshd_config), or reset with sshPasswordAuthentication: Retain");
      }
      draft.passwordSet("set with chpasswd on EcsInstance " + instance.getMetadata().getName() + " from Secret "
          + password.secretName(), offline ? outcome.bootId() : null);
      if (outcome.login() != null) {
        judge(outcome.login(), username);
      }
      if (!offline) {
        return succeededOnline(reset, instance, username, draft);
      }
      // The restart is asked for on the next pass, once the boot ID it is measured against is stored.
      return NEXT_STEP;
    }
    if (draft.loginNotTried()) {
      proveAgain(reset, instance, username, draft);
      if (!offline) {
        return succeededOnline(reset, instance, username, draft);
      }
    }
    if (restart.happenedSince(reset, instance, draft.status().getBootIdBeforeRestart())) {
      restart.forget(reset, instance);
      draft.succeeded("password of " + username + " set and the instance restarted; it is in Secret "
          + draft.status().getSecretName());
      events.normal(reset, "Succeeded", "password of " + username + " reset offline on EcsInstance "
          + instance.getMetadata().getName() + " (set, then restarted)");
      return ttl(reset).orElse(null);
    }
    OfflineRestart.Waiting waiting = restart.ask(reset, instance, username);
    draft.restartRequired(waiting.reason(), waiting.message());
    draft.waiting(waiting.reason(), waiting.message());
    return Duration.ofSeconds(2);
  }

  /**
   * Enable's login after chpasswd: proven, refused (the reset fails: the password is set, and does
   * not log on), or not tried because sshd gave no answer (the reset waits with the password set,
   * and only the login is tried again: chpasswd is not run again for a moment of silence).
   */
  private static void judge(PasswordSetter.PasswordLogin login, String username) {
    if (login.notTried()) {
      throw ResetStopped.waiting("PasswordLoginNotTried", login.message() + "; the password is set, and the login"
          + " is tried again");
    }
    if (!login.works()) {
      throw ResetStopped.failed("PasswordLoginFailed", "the password was set, but a password login as " + username
          + " failed: " + login.message());
    }
  }

  /**
   * The login of a password set on an earlier pass, tried again once the instance is Ready; after
   * {@link #LOGIN_PATIENCE} without an answer the reset fails rather than wait for ever, saying the
   * password is set but unproven.
   */
  private void proveAgain(PasswordReset reset, EcsInstance instance, String username, ResetStatusDraft draft) {
    if (Duration.between(draft.passwordSetAt(), clock.instant()).compareTo(LOGIN_PATIENCE) > 0) {
      throw ResetStopped.failed("PasswordLoginNotTried", "the password of " + username + " was set at "
          + draft.status().getPasswordSetAt() + ", but for " + LOGIN_PATIENCE.toMinutes() + " minutes sshd gave no"
          + " answer to a password login, so it is not proven; it is in Secret " + draft.status().getSecretName());
    }
    if (!InstanceAccess.isReady(instance)) {
      throw ResetStopped.waiting("InstanceNotReady", "the password is set; waiting for EcsInstance "
          + instance.getMetadata().getName() + " to be Ready to try the login");
    }
    ResetPasswordSource.Password password = passwords.resolve(reset, username, draft).orElseThrow(() ->
        ResetStopped.waiting("PasswordLoginNotTried", "the password is set; its Secret " + draft.status().getSecretName()
            + " is not readable yet to try the login"));
    PasswordSetter.PasswordLogin login = setter.prove(instance, username, password);
    draft.passwordLogin(login);
    judge(login, username);
  }

  private Duration succeededOnline(PasswordReset reset, EcsInstance instance, String username,
      ResetStatusDraft draft) {
    draft.succeeded("password of " + username + " set online; it is in Secret " + draft.status().getSecretName());
    events.normal(reset, "Succeeded", "password of " + username + " reset online on EcsInstance "
        + instance.getMetadata().getName());
    return ttl(reset).orElse(null);
  }

  /**
   * Method Console: no SSH at all, so the instance need not be Ready nor its host key pinned (the
   * password goes to ECS, not to the host). The password is resolved as for the other methods,
   * handed to ECS, and the restart asked for that makes ECS apply it; done when that restart is.
   */
  private Duration advanceConsole(PasswordReset reset, EcsInstance instance, ResetStatusDraft draft) {
    String username = reset.getSpec().getUsername() != null ? reset.getSpec().getUsername() : ConsolePassword.USER;
    String name = instance.getMetadata().getName();
    if (!draft.passwordSet()) {
      ConsolePassword.check(instance);
      refuseLockOut(instance, username);
      Optional<ResetPasswordSource.Password> resolved = passwordToSet(reset, username, draft);
      if (resolved.isEmpty()) {
        return NEXT_STEP;
      }
      ResetPasswordSource.Password password = resolved.get();
      console.set(reset, instance, password);
      draft.passwordSet("handed to ECS with ModifyInstanceAttribute for EcsInstance " + name + " from Secret "
          + password.secretName() + "; it takes effect when the instance restarts", null);
      // The restart is asked for on the next pass, once passwordSetAt is stored.
      return NEXT_STEP;
    }
    if (restart.askedForAndDone(reset, instance)) {
      restart.forget(reset, instance);
      draft.succeeded("the logon password of " + username + " was set through ECS and the instance restarted; it is"
          + " in Secret " + draft.status().getSecretName());
      events.normal(reset, "Succeeded", "password of " + username + " reset through ECS on EcsInstance " + name
          + " (ModifyInstanceAttribute, then restarted)");
      return ttl(reset).orElse(null);
    }
    OfflineRestart.Waiting waiting = restart.ask(reset, instance, username,
        "so that the operator restarts it through ECS (a restart by hand is not told apart from one before ECS took"
        + " the password)");
    draft.restartRequired(waiting.reason(), waiting.message());
    draft.waiting(waiting.reason(), waiting.message());
    return Duration.ofSeconds(2);
  }

  /**
   * The password to set, the reset Running with its Secret's name; empty when the Secret was
   * generated just now, to be used on the next pass (see {@link ResetPasswordSource#resolve}).
   */
  private Optional<ResetPasswordSource.Password> passwordToSet(PasswordReset reset, String username,
      ResetStatusDraft draft) {
    Optional<ResetPasswordSource.Password> resolved = passwords.resolve(reset, username, draft);
    draft.running(username, resolved.map(ResetPasswordSource.Password::secretName)
        .orElseGet(() -> ResetPasswordSource.generatedSecretName(reset)));
    return resolved;
  }

  /**
   * The admin's own password, while the operator logs on with it, is refused before a password is
   * generated or anything is written: the admin Secret would no longer match, and an Offline reset
   * would wait for a restart the operator could no longer ask for.
   */
  private void refuseLockOut(EcsInstance instance, String username) {
    AdminAccess admin;
    try {
      admin = instances.admin(instance);
    } catch (InvalidSecretException e) {
      throw ResetStopped.waiting("AdminSecretInvalid", e.getMessage());
    }
    LockOutGuard.password(admin, username).ifPresent(problem -> {
      throw ResetStopped.failed(LockOutGuard.WOULD_LOCK_OUT_OPERATOR, problem);
    });
  }

  private static void validate(PasswordResetSpec spec) {
    if (spec == null || spec.getInstanceRef() == null || spec.getInstanceRef().getName() == null) {
      throw ResetStopped.failed("InvalidSpec", "spec.instanceRef.name is required");
    }
    if (spec.getUsername() != null && !USERNAME.matcher(spec.getUsername()).matches()) {
      throw ResetStopped.failed("InvalidSpec", "spec.username must match " + ApiGroup.USERNAME_PATTERN);
    }
    if (spec.getMethod() == ResetMethod.Console && spec.getUsername() != null
        && !ConsolePassword.USER.equals(spec.getUsername())) {
      throw ResetStopped.failed("InvalidSpec", "method Console sets the instance's logon password in ECS, which is"
          + " root's: leave spec.username out or set it to root");
    }
    if ((spec.getPasswordSecretRef() != null) == Boolean.TRUE.equals(spec.getGenerate())) {
      throw ResetStopped.failed("InvalidSpec", "set exactly one of spec.passwordSecretRef and spec.generate: true");
    }
  }

  private UpdateControl<PasswordReset> afterFinished(PasswordReset reset) {
    Duration left = ttl(reset).orElse(null);
    if (left == null) {
      return UpdateControl.noUpdate();
    }
    if (left.isZero()) {
      client.resource(reset).delete();
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<PasswordReset>noUpdate().rescheduleAfter(left);
  }

  /** Time until a finished reset is deleted: empty without a TTL or before it finished. */
  private Optional<Duration> ttl(PasswordReset reset) {
    Integer seconds = reset.getSpec().getTtlSecondsAfterFinished();
    String finishedAt = reset.getStatus() == null ? null : reset.getStatus().getCompletionTime();
    if (seconds == null) {
      return Optional.empty();
    }
    Instant deleteAt = (finishedAt == null ? clock.instant() : Instant.parse(finishedAt)).plusSeconds(seconds);
    Duration left = Duration.between(clock.instant(), deleteAt);
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  private static boolean finished(ResetPhase phase) {
    return phase == ResetPhase.Succeeded || phase == ResetPhase.Failed;
  }
}
