package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.convergence.InstanceUsers;
import io.ecslogon.operator.convergence.NotApplied;
import io.ecslogon.operator.ecsinstance.PasswordHostKeyRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything the LogonUsers of a namespace want on one instance, decided once, before any SSH:
 * which users to converge (with their keys and the password to set), which LogonUsers are not
 * applied here and why (invalid, waiting for a key, losing a conflict), and which users leave
 * (their LogonUser is being deleted or no longer targets the instance). Pure: the caches come in
 * as arguments, so it is unit-tested without a cluster.
 *
 * @param wanted users to converge, one per user name (the oldest LogonUser claiming a name wins)
 * @param decided LogonUsers that target the instance but are not applied here, with their result
 * @param leaving users whose LogonUser is going or no longer targets the instance
 * @param owners the LogonUsers whose inventory entries this plan speaks for (not those decided
 *     against: a KeyPair that is not ready yet must not remove what its LogonUser put there)
 * @param known every LogonUser the cache holds in the namespace: an inventory owner outside it may be gone
 */
record InstancePlan(List<Wanted> wanted, List<Decided> decided, List<Leaving> leaving, Set<String> owners,
    Set<String> known) {

  /** A user to converge. {@code setsPassword}: the password Secret changed since it was last set here. */
  record Wanted(LogonUser user, DesiredUser desired, Optional<PasswordSource.Password> password,
      boolean setsPassword) {}

  record Decided(LogonUser user, InstanceUserResult result) {}

  /** {@code why}: said in the Events for what is removed (empty when the LogonUser is being deleted). */
  record Leaving(LogonUser user, InstanceUsers.Retired retired, String why) {}

  /** How the plan learns what a LogonUser wants and which password it has; both may refuse (NotApplied). */
  interface Sources {
    DesiredUser desired(LogonUser user);

    DesiredUser forRemoval(LogonUser user);

    Optional<PasswordSource.Password> password(LogonUser user);
  }

  static InstancePlan compile(EcsInstance instance, List<LogonUser> usersInNamespace, Sources sources) {
    List<LogonUser> users = usersInNamespace.stream().sorted(CLAIM_ORDER).toList();
    List<Wanted> wanted = new ArrayList<>();
    List<Decided> decided = new ArrayList<>();
    List<Leaving> leaving = new ArrayList<>();
    Set<String> owners = new LinkedHashSet<>();
    for (LogonUser user : users) {
      String owner = owner(user);
      boolean targets = LogonUserTargets.targets(user, instance);
      boolean deleting = user.getMetadata().getDeletionTimestamp() != null;
      Optional<InstanceUserResult> previous = previous(instance, user);
      if (deleting || !targets) {
        owners.add(owner);
        if (previous.isPresent() || (deleting && targets)) {
          removal(user, sources).ifPresent(retired -> leaving.add(new Leaving(user, retired,
              deleting ? "" : " (no longer targeted)")));
        }
        continue;
      }
      try {
        LogonUser claimant = users.stream().filter(other -> other.getMetadata().getDeletionTimestamp() == null
            && LogonUserTargets.targets(other, instance)
            && Objects.equals(user.getSpec().getUsername(), other.getSpec().getUsername())).findFirst().orElse(user);
        if (claimant != user) {
          throw new NotApplied("Conflict", "user " + user.getSpec().getUsername() + " on "
              + instance.getMetadata().getName() + " is managed by LogonUser " + claimant.getMetadata().getName()
              + "; nothing was changed");
        }
        DesiredUser desired = sources.desired(user);
        Optional<PasswordSource.Password> password = sources.password(user);
        Optional<String> noPasswordHere = password.flatMap(p -> PasswordHostKeyRule.refusal(instance));
        if (noPasswordHere.isPresent()) {
          throw new NotApplied(PasswordHostKeyRule.REASON, noPasswordHere.get() + "; nothing was changed");
        }
        String applied = previous.map(InstanceUserResult::getPasswordVersion).orElse(null);
        // Set only when the Secret changed: the password cannot be read back to compare.
        boolean setsPassword = password.isPresent() && !password.get().version().equals(applied);
        wanted.add(new Wanted(user, desired, password, setsPassword));
        owners.add(owner);
      } catch (NotApplied refusal) {
        decided.add(new Decided(user, InstanceUserResults.notApplied(user, refusal.reason(), refusal.getMessage(),
            previous.orElse(null))));
      }
    }
    Set<String> known = new LinkedHashSet<>();
    users.forEach(user -> known.add(owner(user)));
    return new InstancePlan(wanted, decided, leaving, owners, known);
  }

  /** The oldest LogonUser claiming a user name manages it (then by name): the same answer on every visit. */
  static final Comparator<LogonUser> CLAIM_ORDER = Comparator
      .comparing((LogonUser user) -> Objects.requireNonNullElse(user.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(user -> user.getMetadata().getName());

  List<DesiredUser> desiredUsers() {
    return wanted.stream().map(Wanted::desired).toList();
  }

  List<InstanceUsers.Retired> retired() {
    return leaving.stream().map(Leaving::retired).toList();
  }

  static String owner(LogonUser user) {
    return user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
  }

  /** What this instance last reported for {@code user}. */
  static Optional<InstanceUserResult> previous(EcsInstance instance, LogonUser user) {
    if (instance.getStatus() == null || instance.getStatus().getUsers() == null) {
      return Optional.empty();
    }
    return instance.getStatus().getUsers().stream()
        .filter(result -> user.getMetadata().getName().equals(result.getLogonUser())).findFirst();
  }

  private static Optional<InstanceUsers.Retired> removal(LogonUser user, Sources sources) {
    try {
      // Removal needs the user name and the owner, not the keys: a KeyPair still generating must
      // not stop a clean-up.
      DesiredUser declared = sources.forRemoval(user);
      return Optional.of(new InstanceUsers.Retired(declared.owner(), declared.username(), declared.deletionPolicy(),
          declared.adopt()));
    } catch (NotApplied invalid) {
      return Optional.empty();  // an invalid user name was never applied anywhere
    }
  }
}
