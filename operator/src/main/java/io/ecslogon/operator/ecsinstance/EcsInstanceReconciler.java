package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.SshdPolicy;
import io.ecslogon.operator.compliance.ComplianceEvents;
import io.ecslogon.operator.compliance.ComplianceMetrics;
import io.ecslogon.operator.compliance.ComplianceReport;
import io.ecslogon.operator.compliance.ComplianceVisit;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.events.ReadyEvents;
import io.ecslogon.operator.host.AddressNotAllowedException;
import io.ecslogon.operator.host.AlgorithmsRefusedException;
import io.ecslogon.operator.host.AuthenticationFailedException;
import io.ecslogon.operator.host.CommandFailedException;
import io.ecslogon.operator.host.CommandTimedOutException;
import io.ecslogon.operator.host.HostConnectionPool;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.HostKeyMismatchException;
import io.ecslogon.operator.host.HostUnreachableException;
import io.ecslogon.operator.host.OutputTooLargeException;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.host.linux.HostFacts;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.secrets.InvalidSecretException;
import io.ecslogon.operator.secrets.SecretNotFoundException;
import io.ecslogon.operator.secrets.SecretNotOptedInException;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.ReconcileErrors;
import io.ecslogon.operator.status.StatusUpdates;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Observes an EcsInstance: resolves the admin credentials, logs on over the pooled connection
 * (verifying the host key before authenticating), reads the facts and reports Reachable,
 * HostKeyTrusted and Ready; then carries out a requested restart ({@link InstanceRestarts}), brings
 * sshd to spec.sshd ({@link SshdConfigurator}) and converges every LogonUser that applies
 * ({@link UsersWork}), all in one visit under the instance's lock, the users observed in the same
 * command as the facts. Healthy instances are visited again every resync interval; failing
 * ones back off (see {@link RetryDelay}) and recover by themselves.
 */
@ControllerConfiguration(name = EcsInstanceReconciler.NAME)
public class EcsInstanceReconciler implements Reconciler<EcsInstance> {
  public static final String NAME = "ecsinstance";
  /** How often an instance is looked at while it restarts. */
  private static final Duration WHILE_RESTARTING = Duration.ofSeconds(2);

  private final SshTargetResolver targets;
  private final CloudLookup cloud;
  private final OwnAdminKey ownKeys;
  private final CloudOnboarding onboarding;
  private final OperatorKeyRotation ownKeyRotation;
  private final CloudShells cloudShells;
  private final HostConnectionPool connections;
  private final Conditions conditions;
  private final EventRecorder events;
  private final ReadyEvents readyEvents;
  private final RetryDelay retryDelay;
  private final Duration resyncInterval;
  private final SshdConfigurator sshdConfigurator;
  private final SshdEvents sshdEvents;
  private final InstanceRestarts restarts;
  private final KeyPairAttachments keyPairAttachments;
  private final SeenHostKeys seenHostKeys = new SeenHostKeys();
  private final UsersWork users;
  private final ComplianceEvents complianceEvents;
  private final ComplianceMetrics complianceMetrics;

  public EcsInstanceReconciler(EcsInstanceDependencies dependencies) {
    this.targets = new SshTargetResolver(dependencies.secrets());
    CloudCredentialsSource cloudCredentials = dependencies.cloudCredentials();
    this.cloud = new CloudLookup(cloudCredentials, dependencies.cloudInstances());
    this.cloudShells = new CloudShells(cloudCredentials, dependencies.cloudAssistant(), dependencies.commandTimeout());
    this.ownKeys = new OwnAdminKey(dependencies.client(), new SshKeyGenerator(new SecureRandom()),
        dependencies.clock());
    this.onboarding = new CloudOnboarding(ownKeys, dependencies.cloudAssistant(), cloudCredentials);
    this.ownKeyRotation = new OperatorKeyRotation(ownKeys, onboarding, dependencies.freshLogin(), dependencies.events(),
        dependencies.clock());
    this.connections = dependencies.connections();
    this.conditions = new Conditions(dependencies.clock());
    this.events = dependencies.events();
    this.readyEvents = new ReadyEvents(dependencies.events());
    this.retryDelay = new RetryDelay(dependencies.clock(), dependencies.minRetryDelay(), dependencies.maxRetryDelay());
    this.resyncInterval = dependencies.resyncInterval();
    this.sshdConfigurator = new SshdConfigurator(dependencies.freshLogin());
    this.sshdEvents = new SshdEvents(dependencies.events());
    this.restarts = new InstanceRestarts(dependencies.client(), dependencies.events(), dependencies.metrics(), dependencies.clock(),
        dependencies.askAgainToRestartAfter(), new RebootMethod(cloudCredentials, dependencies.instancePower()));
    this.keyPairAttachments = new KeyPairAttachments(dependencies.client(), dependencies.ecsKeyPairs(), cloudCredentials,
        dependencies.events(), dependencies.clock());
    this.users = dependencies.users();
    this.complianceEvents = new ComplianceEvents(dependencies.events());
    this.complianceMetrics = dependencies.complianceMetrics();
  }

  /**
   * LogonUsers and KeyPairs wake the instances they apply to (see {@link UsersWork}), and KeyPairs
   * the instances whose spec.alibabaCloud.keyPairRef names them ({@link KeyPairAttachments}).
   */
  @Override
  public List<EventSource<?, EcsInstance>> prepareEventSources(EventSourceContext<EcsInstance> context) {
    List<EventSource<?, EcsInstance>> sources = new ArrayList<>(users.eventSources(context));
    sources.add(keyPairAttachments.eventSource(context));
    return sources;
  }

  @Override
  public UpdateControl<EcsInstance> reconcile(EcsInstance instance, Context<EcsInstance> context) {
    complianceMetrics.countFrom(context.getPrimaryCache());
    InstanceStatusDraft draft = new InstanceStatusDraft(instance, conditions);
    if (instance.getSpec().getCompliance() == null) {
      draft.notAudited();
    }
    Duration next = observe(instance, draft, context);
    EcsInstanceStatus status = draft.status();
    readyEvents.announce(instance, instance.getStatus() == null ? null : instance.getStatus().getConditions(),
        status.getConditions());
    return StatusUpdates.patchAndCacheIfChanged(instance, status, EcsInstance::new, context).rescheduleAfter(next);
  }

  /**
   * An exception that escaped {@link #reconcile}: Ready=False with reason ReconcileError and a
   * secret-free message (see {@link ReconcileErrors}), instead of a Ready=True that no longer holds.
   */
  @Override
  public ErrorStatusUpdateControl<EcsInstance> updateErrorStatus(EcsInstance instance, Context<EcsInstance> context,
      Exception error) {
    EcsInstanceStatus next = ReconcileErrors.statusAfter(instance, error, ConditionType.READY, conditions,
        EcsInstanceStatus::new);
    readyEvents.announce(instance, instance.getStatus() == null ? null : instance.getStatus().getConditions(),
        next.getConditions());
    return StatusUpdates.errorPatchIfChanged(instance, next, EcsInstance::new);
  }

  private Duration observe(EcsInstance instance, InstanceStatusDraft draft, Context<EcsInstance> context) {
    boolean pinned = instance.getSpec().getHostKeyFingerprint() != null;
    // Whether ECS said Running on this visit: a logon failing after that is the instance's, not ECS's.
    boolean cloudSaysRunning = false;
    try {
      CloudLookup.Found found = instance.getSpec().getAlibabaCloud() == null ? null
          : cloud.find(instance, context.getPrimaryCache().list().toList());
      SshTarget target = found == null ? targets.resolve(instance) : cloudTarget(instance, found, draft);
      cloudSaysRunning = found != null;
      // Compiled from the caches before connecting: the users part is observed in the facts' command.
      UsersWork.Plan usersPlan = users.plan(instance);
      Observation seen;
      try {
        // The fresh login after an sshd change must meet the key this connection trusted, also on a
        // first visit, when the target itself still expects none.
        seen = connections.withConnection(key(instance), target, connection -> visit(instance, usersPlan, connection,
            AdminAccess.of(target), target.expecting(connection.hostKeyFingerprint()), connection.hostKeyFingerprint()));
      } catch (HostUnreachableException unreachable) {
        // Not while the operator restarts it (unreachable is expected then), nor without the agent.
        Optional<RemoteShell> throughCloud = restarts.restartInProgress(instance).isPresent() ? Optional.empty()
            : cloudShells.shellFor(instance);
        if (throughCloud.isEmpty()) {
          throw unreachable;
        }
        // No route to SSH at all, but Cloud Assistant runs there: the same visit over RunCommand.
        seen = visit(instance, usersPlan, throughCloud.get(), AdminAccess.of(target), null, null);
      }
      if (seen.hostKey() == null) {
        draft.visitedThroughCloudAssistant(seen.facts());
      } else {
        if (target.expectedHostKey() == null) {
          announceFirstUse(instance, target, seen.hostKey());
        }
        seenHostKeys.remember(target.endpoint(), key(instance), seen.hostKey());
        draft.loggedOn(seen.hostKey(), pinned, seen.sshd() == null ? seen.facts() : seen.facts().withSshd(
            seen.sshd().effective()));
      }
      draft.restart(seen.restart());
      if (seen.sshd() != null) {
        sshdEvents.announce(instance, seen.sshd());
        draft.sshd(seen.sshd());
      }
      if (seen.users() != null) {
        draft.users(seen.users().users());
        seen.users().compliance().ifPresent(compliance -> audited(instance, draft, compliance));
      }
      if (seen.restart().restarting()) {
        return WHILE_RESTARTING;
      }
      if (found != null) {
        // After a logon that worked, with this visit's boot ID: an attach's restart is told by it.
        draft.keyPairAttachment(keyPairAttachments.visit(instance, AdminAccess.of(target), found.instance(),
            seen.facts().bootId()));
      }
      return resyncInterval;
    } catch (CloudLookup.NotVisitable e) {
      draft.notVisitable(e);
      if (e.seen().filter(seen -> !seen.running()).isPresent()) {
        // Stopping and Starting while the operator restarts it through ECS: expected, and noted.
        Optional<InstanceRestarts.Decision> restarting = restarts.whileCloudReportsNotRunning(instance);
        if (restarting.isPresent()) {
          draft.restart(restarting.get());
          return WHILE_RESTARTING;
        }
      }
      Optional<String> restarting = restarts.restartInProgress(instance);
      if (restarting.isPresent()) {
        draft.restarting(restarting.get());
        return WHILE_RESTARTING;
      }
    } catch (InvalidSpecException e) {
      draft.notReady(Reason.INVALID_SPEC, e.getMessage());
      return resyncInterval;
    } catch (SecretNotFoundException e) {
      draft.notReady(Reason.ADMIN_SECRET_NOT_FOUND, e.getMessage());
    } catch (SecretNotOptedInException e) {
      draft.notReady(Reason.SECRET_NOT_OPTED_IN, e.getMessage());
    } catch (PasswordNotAllowedException e) {
      draft.notReady(Reason.HOST_KEY_NOT_PINNED, e.getMessage());
    } catch (InvalidSecretException e) {
      draft.notReady(Reason.ADMIN_SECRET_INVALID, e.getMessage());
    } catch (AddressNotAllowedException e) {
      // The allow-list is read once at start-up: asking again sooner cannot change the answer.
      draft.addressNotAllowed(e.getMessage());
      return resyncInterval;
    } catch (HostKeyMismatchException e) {
      // A different host key needs a person: retrying sooner would not change the answer.
      draft.hostKeyRefused(e.expected(), e.presented());
      return resyncInterval;
    } catch (AlgorithmsRefusedException e) {
      // The instance's sshd must change (a person's work): neither retrying sooner nor a restart helps.
      draft.algorithmsRefused(e.getMessage());
      return resyncInterval;
    } catch (AuthenticationFailedException e) {
      // A locked-out instance (the operator's key removed, say): ECS can still restart it, and
      // tell when that is done.
      Optional<InstanceRestarts.Decision> withoutLogon = restartWithoutLogon(instance, cloudSaysRunning);
      withoutLogon.ifPresent(draft::restart);
      draft.authenticationFailed(SshTargetResolver.trustedHostKey(instance), pinned, e.getMessage());
      if (withoutLogon.filter(InstanceRestarts.Decision::restarting).isPresent()) {
        return WHILE_RESTARTING;
      }
    } catch (HostUnreachableException e) {
      Optional<InstanceRestarts.Decision> confirmed = restarts.confirmedByCloud(instance, cloudSaysRunning, false)
          .filter(decision -> decision.lastRestart().getCompletedAt() != null);
      if (confirmed.isPresent()) {
        draft.restart(confirmed.get());
        draft.unreachable(e.getMessage());
        return retryDelay.after(draft.status().getConditions());
      }
      Optional<InstanceRestarts.Decision> askedAgain = restarts.askAgainWithoutShell(instance);
      if (askedAgain.isPresent()) {
        draft.restart(askedAgain.get());
        draft.unreachable(e.getMessage());
        return WHILE_RESTARTING;
      }
      Optional<String> restarting = restarts.restartInProgress(instance);
      if (restarting.isPresent()) {
        draft.restarting(restarting.get());
        return WHILE_RESTARTING;
      }
      draft.unreachable(e.getMessage());
      Optional<InstanceRestarts.Decision> throughCloud = restarts.restartWithoutShell(instance);
      if (throughCloud.isPresent()) {
        draft.restart(throughCloud.get());
        return WHILE_RESTARTING;
      }
    } catch (CommandFailedException e) {
      draft.notReady(Reason.COMMAND_FAILED, "reading the instance failed: " + e.getMessage());
    } catch (CommandTimedOutException e) {
      draft.notReady(Reason.COMMAND_TIMED_OUT, e.getMessage());
    } catch (OutputTooLargeException e) {
      draft.notReady(Reason.OUTPUT_TOO_LARGE, e.getMessage());
    } catch (HostException e) {
      // Any other failure on the instance's side (through Cloud Assistant, say): reported, retried.
      draft.notReady(Reason.COMMAND_FAILED, e.getMessage());
    }
    return retryDelay.after(draft.status().getConditions());
  }

  /**
   * ECS first: a stopped instance is not contacted, the address may come from ECS, and without an
   * admin Secret the operator opens its own way in ({@link CloudOnboarding}).
   */
  private SshTarget cloudTarget(EcsInstance instance, CloudLookup.Found found, InstanceStatusDraft draft) {
    draft.cloud(found);
    if (!CloudOnboarding.applies(instance)) {
      return targets.resolve(instance, found.address());
    }
    // Only where SSH may go: the cloud must not open a way in the allow-list keeps the operator out of.
    connections.admit(found.address(), instance.getSpec().getPort());
    // Made now if there is none: its Secret's uid reaches status even if opening the way in fails after.
    OwnAdminKey.Key key = ownKeys.ensure(instance, draft.ownKeyRecord());
    CloudOnboarding.Onboarded onboarded = onboarding.open(instance, key, draft.ownKeyRecord());
    draft.onboarded(onboarded);
    if (onboarded.installed()) {
      events.normal(instance, Reason.OPERATOR_KEY_INSTALLED, "installed the operator's own key "
          + onboarded.key().fingerprint() + " for " + instance.getSpec().getAdminUser() + " through Cloud"
          + " Assistant, and pinned host key " + onboarded.hostKeyFingerprint() + " read there");
    }
    // A host key pinned in the spec wins over the one the cloud read (a re-installed instance, say).
    String pinned = instance.getSpec().getHostKeyFingerprint();
    SshTarget target = targets.resolve(instance, found.address()).expecting(pinned != null && !pinned.isBlank()
        ? pinned : onboarded.hostKeyFingerprint());
    if (onboarded.installed()) {
      return target;
    }
    OwnAdminKey.Key inUse = ownKeyRotation.continueIfDue(instance, key, target, draft.ownKeyRecord());
    // Promoted: the Secret now holds the new key, and this visit logs on with it.
    return inUse.equals(key) ? target : targets.resolve(instance, found.address()).expecting(target.expectedHostKey());
  }

  /**
   * One visit's work on the instance, all under its lock: facts and users read in one command, a
   * requested restart, sshd brought to spec.sshd, the users converged.
   *
   * @param freshLogin where the fresh login after an sshd change goes (the key this connection
   *     trusted); null through Cloud Assistant, where sshd is not changed: without SSH, nothing could
   *     prove the change left a way in
   * @param hostKey the host key this visit met, null through Cloud Assistant
   */
  private Observation visit(EcsInstance instance, UsersWork.Plan usersPlan, RemoteShell shell, AdminAccess admin,
      SshTarget freshLogin, String hostKey) {
    HostFactsReader.Reading reading = HostFactsReader.read(shell, usersPlan.observation());
    HostFacts facts = reading.facts();
    InstanceRestarts.Decision restart = restarts.visit(instance, shell, facts.bootId());
    SshdConfigurator.Verdict sshd = null;
    if (!restart.restarting()) {
      sshd = freshLogin == null ? SshdConfigurator.notOverCloudAssistant(instance, facts.sshd())
          : sshdConfigurator.configure(instance, sshdPolicy(instance, admin, usersPlan), shell, freshLogin,
              facts.sshd(), facts.sshdFiles());
    }
    if (sshd != null && sshd.changedInstance()) {
      // The users were observed against sshd as it was before this change (each user's
      // effective settings decide which of their logins sshd refuses): observe them again.
      reading = HostFactsReader.readFollowOnAgain(shell, usersPlan.observation(), facts);
    }
    UsersWork.Outcome userResults = restart.restarting() ? null : usersPlan.converge(shell, admin, reading);
    return new Observation(hostKey, facts, sshd, restart, userResults);
  }

  /**
   * The restart side of a visit that could not log on: a pending restart confirmed by ECS, or a
   * requested one carried out through ECS.
   */
  private Optional<InstanceRestarts.Decision> restartWithoutLogon(EcsInstance instance, boolean cloudSaysRunning) {
    Optional<InstanceRestarts.Decision> askedAgain = restarts.askAgainWithoutShell(instance);
    if (askedAgain.isPresent()) {
      return askedAgain;
    }
    Optional<InstanceRestarts.Decision> pending = restarts.confirmedByCloud(instance, cloudSaysRunning, true);
    return pending.isPresent() ? pending : restarts.restartWithoutShell(instance);
  }

  /**
   * spec.sshd, with PasswordAuthentication off when Enforce turns password logins off (only where
   * spec.sshd leaves it open, the operator logs on with a key it knows, and no LogonUser here sets a
   * password): through the same safe path as any sshd change.
   */
  private static SshdPolicy sshdPolicy(EcsInstance instance, AdminAccess admin, UsersWork.Plan users) {
    SshdPolicy declared = instance.getSpec().getSshd();
    if (!ComplianceVisit.enforcing(instance) || !ComplianceVisit.turnsPasswordLoginsOff(instance,
        admin.usesKey() && admin.publicKey() != null, users.setsPasswords())) {
      return declared;
    }
    SshdPolicy policy = declared == null ? new SshdPolicy() : Serialization.clone(declared);
    policy.setPasswordAuthentication(false);
    return policy;
  }

  /** The audit's findings into status.compliance and the Compliant condition; Events for what changed. */
  private void audited(EcsInstance instance, InstanceStatusDraft draft, ComplianceVisit.Outcome compliance) {
    ComplianceReport report = ComplianceReport.of(instance.getSpec().getCompliance().getMode(), compliance,
        instance.getStatus() == null ? null : instance.getStatus().getCompliance());
    draft.compliance(report);
    complianceEvents.announce(instance, report);
  }

  /**
   * A host key trusted on first use is news; a different key from the one this operator last saw at
   * the same address (a re-created EcsInstance, say) is a warning, since that is what an impostor
   * would look like.
   */
  private void announceFirstUse(EcsInstance instance, SshTarget target, String hostKey) {
    Optional<SeenHostKeys.Seen> before = seenHostKeys.lastSeen(target.endpoint());
    if (before.isPresent() && !before.get().fingerprint().equals(hostKey)) {
      events.warning(instance, Reason.HOST_KEY_CHANGED_AT_ADDRESS, "trusted host key " + hostKey + " on first use,"
          + " but " + target.endpoint() + " presented " + before.get().fingerprint() + " when the operator last"
          + " logged on there (EcsInstance " + before.get().instance() + "); unless the instance was re-installed,"
          + " check it, and pin spec.hostKeyFingerprint");
    } else {
      events.normal(instance, Reason.HOST_KEY_RECORDED, "trusted host key " + hostKey + " on first use");
    }
  }

  /** namespace/name: how an instance is known to the connection pool and in the instance's inventory. */
  public static String key(EcsInstance instance) {
    return instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName();
  }

  private record Observation(String hostKey, HostFacts facts, SshdConfigurator.Verdict sshd,
      InstanceRestarts.Decision restart, UsersWork.Outcome users) {}
}
