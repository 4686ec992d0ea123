package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.CompliancePolicy;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.compliance.ComplianceVisit;
import io.ecslogon.operator.compliance.Expected;
import io.ecslogon.operator.convergence.AuthMethods;
import io.ecslogon.operator.convergence.InstanceUsers;
import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.convergence.ObservedInstance;
import io.ecslogon.operator.ecsinstance.EcsInstanceReconciler;
import io.ecslogon.operator.ecsinstance.UsersWork;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.host.linux.LinuxPasswords;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.lockout.LockOutGuard;
import io.ecslogon.operator.secrets.InvalidSecretException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One instance's plan carried out in its visit: decided from what the visit's one command
 * observed, the differences applied in one more (only when there are any), passwords set where
 * their Secret changed, Events on the LogonUsers concerned, and one result per LogonUser.
 */
final class UsersVisit implements UsersWork.Plan {
  private final EcsInstance instance;
  private final InstancePlan plan;
  private final EventRecorder events;
  /** Whether an inventory owner the cache does not hold is really gone (asked fresh, not from a cache). */
  private final Predicate<String> gone;
  private final RefusalsAnnounced refusals;

  UsersVisit(EcsInstance instance, InstancePlan plan, EventRecorder events, Predicate<String> gone,
      RefusalsAnnounced refusals) {
    this.instance = instance;
    this.plan = plan;
    this.events = events;
    this.gone = gone;
    this.refusals = refusals;
  }

  @Override
  public HostFactsReader.FollowOn observation() {
    return InstanceUsers.observation(EcsInstanceReconciler.key(instance), plan.desiredUsers(), plan.retired(),
        compliance() != null);
  }

  @Override
  public UsersWork.Outcome converge(RemoteShell shell, AdminAccess admin, HostFactsReader.Reading reading) {
    List<InstanceUserResult> results = new ArrayList<>();
    plan.decided().forEach(decided -> results.add(announced(decided.user(), decided.result())));
    List<InstancePlan.Wanted> converging = new ArrayList<>();
    for (InstancePlan.Wanted wanted : plan.wanted()) {
      Optional<String> lockOut = wanted.setsPassword()
          ? LockOutGuard.password(admin, wanted.desired().username()) : Optional.empty();
      if (lockOut.isPresent()) {
        results.add(announced(wanted.user(), notApplied(wanted, LockOutGuard.WOULD_LOCK_OUT_OPERATOR, lockOut.get())));
      } else {
        converging.add(wanted);
      }
    }
    InstanceUsers.Result run;
    Optional<ComplianceVisit.Outcome> compliance = Optional.empty();
    try {
      if (reading.followOnFailure() != null) {
        throw new HostException("observing the users failed: " + reading.followOnFailure());
      }
      ObservedInstance seen = ObservedInstance.parse(reading.followOnOutput());
      Set<String> owners = new LinkedHashSet<>(plan.owners());
      seen.inventoryOwners(EcsInstanceReconciler.key(instance)).stream()
          .filter(owner -> !plan.known().contains(owner) && gone.test(owner))
          .forEach(owners::add);
      run = new InstanceUsers(shell, admin, EcsInstanceReconciler.key(instance))
          .converge(seen, converging.stream().map(InstancePlan.Wanted::desired).toList(), owners, plan.retired());
      // After the users' changes: Enforce rewrites a key file only if it still holds what was read.
      compliance = compliance() == null ? Optional.empty()
          : ComplianceVisit.run(shell, instance, seen, expected(seen, admin));
    } catch (HostException e) {
      converging.forEach(wanted -> results.add(notApplied(wanted, InstanceFailure.reason(e), e.getMessage())));
      plan.leaving().forEach(leaving -> results.add(cleanupPending(leaving.user(), e.getMessage())));
      return new UsersWork.Outcome(sorted(results), Optional.empty());
    }
    for (int i = 0; i < converging.size(); i++) {
      results.add(outcome(shell, converging.get(i), run.users().get(i)));
    }
    for (InstanceUsers.Removal removal : run.removals()) {
      removed(removal).ifPresent(results::add);
    }
    return new UsersWork.Outcome(sorted(results), compliance);
  }

  @Override
  public boolean setsPasswords() {
    return plan.wanted().stream().anyMatch(wanted -> wanted.password().isPresent());
  }

  private CompliancePolicy compliance() {
    return instance.getSpec().getCompliance();
  }

  /**
   * What the operator expects on this instance, for the audit: the users it manages (declared
   * here, or recorded in the inventory through this instance and about to be removed), their keys,
   * who gets a password, and the admin's way in.
   */
  private Expected expected(ObservedInstance seen, AdminAccess admin) {
    Map<String, Set<String>> managedKeys = new HashMap<>();
    Map<String, String> blockOwners = new HashMap<>();
    Set<String> passwordUsers = new HashSet<>();
    seen.inventory().recordedBy(EcsInstanceReconciler.key(instance))
        .forEach(entry -> managedKeys.putIfAbsent(entry.username(), new HashSet<>()));
    for (InstancePlan.Wanted wanted : plan.wanted()) {
      String username = wanted.desired().username();
      managedKeys.computeIfAbsent(username, name -> new HashSet<>()).addAll(DesiredUsers.fingerprints(wanted.desired()));
      blockOwners.put(username, wanted.desired().owner());
      if (wanted.password().isPresent()) {
        passwordUsers.add(username);
      }
    }
    Optional<String> adminKey = Optional.ofNullable(admin.publicKey()).flatMap(Expected::fingerprintOf);
    Expected expected = Expected.of(managedKeys, blockOwners, passwordUsers, admin.user(), adminKey, compliance());
    // The key pair the operator attached through ECS is in root's authorized_keys because it put it there.
    var cloud = instance.getStatus() == null ? null : instance.getStatus().getAlibabaCloud();
    return cloud == null || cloud.getKeyPairAttachment() == null ? expected
        : expected.withEcsKeyPair(cloud.getKeyPairAttachment().getFingerprint());
  }

  private InstanceUserResult outcome(RemoteShell shell, InstancePlan.Wanted wanted, InstanceUsers.UserOutcome outcome) {
    LogonUser user = wanted.user();
    String name = instance.getMetadata().getName();
    if (outcome.failure() instanceof NotApplied refusal) {
      return announced(user, notApplied(wanted, refusal.reason(), refusal.getMessage()));
    }
    if (outcome.failure() != null) {
      return notApplied(wanted, InstanceFailure.reason(outcome.failure()), outcome.failure().getMessage());
    }
    List<String> changes = new ArrayList<>(outcome.changes());
    if (wanted.setsPassword()) {
      try {
        new LinuxPasswords(shell).set(wanted.desired().username(), wanted.password().orElseThrow().value());
        changes.add("set the password of " + wanted.desired().username() + " from Secret "
            + wanted.password().get().secretName());
      } catch (HostException | InvalidSecretException e) {
        changes.forEach(change -> events.normal(user, "Changed", change + " on " + name));
        return notApplied(wanted, InstanceFailure.reason(e), e.getMessage());
      }
    }
    changes.forEach(change -> events.normal(user, "Changed", change + " on " + name));
    String message = outcome.foreignKeys().isEmpty()
        ? "in the declared state"
        : "in the declared state; " + outcome.foreignKeys().size()
            + " key(s) outside the operator's block left as they are (Merge)";
    InstanceUserResult result = announced(user, InstanceUserResults.of(user, true, "Ready", message));
    result.setKeyFingerprints(DesiredUsers.fingerprints(wanted.desired()));
    result.setPasswordVersion(wanted.password().map(PasswordSource.Password::version).orElse(null));
    AuthMethods methods = outcome.authMethods();
    if (methods != null) {
      result.setKeysRefused(methods.keysRefused());
      result.setPasswordsRefused(methods.passwordsRefused());
    }
    return result;
  }

  /**
   * A user removed (or not): Events on its LogonUser when it still exists, else on the instance.
   * A removal that failed stays listed, so the LogonUser's finalizer waits and the next visit retries.
   */
  private Optional<InstanceUserResult> removed(InstanceUsers.Removal removal) {
    String owner = removal.retired().owner();
    String name = instance.getMetadata().getName();
    Optional<InstancePlan.Leaving> leaving = plan.leaving().stream()
        .filter(l -> l.retired().owner().equals(owner)).findFirst();
    Optional<LogonUser> stillDeclaring = plan.wanted().stream().map(InstancePlan.Wanted::user)
        .filter(user -> InstancePlan.owner(user).equals(owner)).findFirst();
    Optional<LogonUser> user = leaving.map(InstancePlan.Leaving::user).or(() -> stillDeclaring);
    boolean deleting = user.isPresent() && user.get().getMetadata().getDeletionTimestamp() != null;
    if (user.isPresent() && removal.refusal() != null) {
      events.warning(user.get(), removal.refusal().reason(), removal.refusal().getMessage() + " (EcsInstance "
          + name + "); the user, its keys and its sudo rule were left as they are");
    }
    if (user.isPresent() && !deleting) {
      String why = leaving.map(InstancePlan.Leaving::why).orElse(" (no longer declared)");
      removal.changes().forEach(change -> events.normal(user.get(), "Removed", change + " on " + name + why));
    } else {
      // A LogonUser being deleted takes its Events with it: what it left behind is told on the instance.
      String whose = deleting ? " (LogonUser " + owner + " is being deleted)"
          : " (left by LogonUser " + owner + ", which no longer manages this instance)";
      removal.changes().forEach(change -> events.normal(instance, "Removed", change + whose));
      if (user.isEmpty() && removal.refusal() != null) {
        events.warning(instance, removal.refusal().reason(), removal.refusal().getMessage() + whose
            + "; left as it is");
      }
    }
    if (removal.failure() != null && leaving.isPresent()) {
      return Optional.of(cleanupPending(leaving.get().user(), removal.failure().getMessage()));
    }
    return Optional.empty();
  }

  /** A Warning Event when a change is refused for the operator's sake, once, not on every visit. */
  private InstanceUserResult announced(LogonUser user, InstanceUserResult result) {
    String key = EcsInstanceReconciler.key(instance);
    if (!LockOutGuard.WOULD_LOCK_OUT_OPERATOR.equals(result.getReason())) {
      refusals.forget(key, user.getMetadata().getName());
      return result;
    }
    boolean inStatus = InstancePlan.previous(instance, user)
        .filter(previous -> result.getReason().equals(previous.getReason())
            && result.getMessage().equals(previous.getMessage())).isPresent();
    boolean first = refusals.firstTime(key, user.getMetadata().getName(), result.getMessage());
    if (first && !inStatus) {
      events.warning(user, result.getReason(), result.getMessage() + " (EcsInstance " + instance.getMetadata().getName()
          + ")");
    }
    return result;
  }

  private InstanceUserResult notApplied(InstancePlan.Wanted wanted, String reason, String message) {
    return InstanceUserResults.notApplied(wanted.user(), reason, message,
        InstancePlan.previous(instance, wanted.user()).orElse(null));
  }

  private InstanceUserResult cleanupPending(LogonUser user, String problem) {
    return InstanceUserResults.of(user, false, InstanceUserResults.CLEANUP_PENDING,
        "to be removed, but cannot be cleaned up yet: " + problem);
  }

  private static List<InstanceUserResult> sorted(List<InstanceUserResult> results) {
    results.sort(Comparator.comparing(InstanceUserResult::getLogonUser));
    return results;
  }
}
