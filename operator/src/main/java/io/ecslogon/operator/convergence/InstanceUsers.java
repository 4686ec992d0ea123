package io.ecslogon.operator.convergence;

import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.linux.AuthorizedKeysFile;
import io.ecslogon.operator.host.linux.HostFactsReader;
import io.ecslogon.operator.lockout.AdminAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of users' work on one instance: one observation (everything read at once, the inventory
 * included, as the follow-on of the visit's facts command: {@link #observation}), decisions made here ({@link UserDecisions}, the lock-out guard among them),
 * and, only when something differs, one apply command carrying every change and the new inventory.
 * A steady state is one command and writes nothing. What the inventory names for the owners in
 * scope and the run no longer wants is removed: renamed users and LogonUsers that went away.
 */
public final class InstanceUsers {
  private final RemoteShell shell;
  private final AdminAccess admin;
  /** namespace/name of the EcsInstance this run goes through; its inventory entries are its own. */
  private final String instance;

  public InstanceUsers(RemoteShell shell, AdminAccess admin, String instance) {
    this.shell = shell;
    this.admin = admin;
    this.instance = instance;
  }

  /** A user to remove: no longer declared by its owner, or its owner is being deleted. */
  public record Retired(String owner, String username, DeletionPolicy deletionPolicy, boolean adopted) {}

  /** What happened to one declared user: the changes made (for Events), or why it was not applied. */
  public record UserOutcome(DesiredUser desired, List<String> changes, List<String> foreignKeys,
      AuthMethods authMethods, RuntimeException failure) {
    public boolean applied() {
      return failure == null;
    }
  }

  /** What happened to one retired user: removed (changes), left in place (refusal), or not yet (failure). */
  public record Removal(Retired retired, List<String> changes, NotApplied refusal, RuntimeException failure) {}

  public record Result(List<UserOutcome> users, List<Removal> removals) {}

  /**
   * @param wanted users as declared, at most one per owner and user name
   * @param owners the LogonUsers this run speaks for: inventory entries of theirs that are not wanted are removed
   * @param retired users to remove even where the inventory does not name them (written before it existed)
   */
  public Result converge(ObservedInstance seen, List<DesiredUser> wanted, Set<String> owners, List<Retired> retired) {
    UserDecisions decisions = new UserDecisions(seen, admin);
    Inventory before = seen.inventory();
    Inventory intent = before;
    List<UserChange> changes = new ArrayList<>();
    Map<DesiredUser, List<UserChange>> byUser = new LinkedHashMap<>();
    Map<DesiredUser, UserOutcome> outcomes = new LinkedHashMap<>();
    for (DesiredUser desired : wanted) {
      try {
        UserDecisions.Decided decided = decisions.converge(desired);
        byUser.put(desired, decided.changes());
        changes.addAll(decided.changes());
        intent = intent.with(new Inventory.Entry(desired.owner(), instance, desired.username(), decided.created(),
            desired.deletionPolicy()));
        outcomes.put(desired, new UserOutcome(desired, List.of(), decided.foreignKeys(), decided.authMethods(), null));
      } catch (NotApplied | HostException e) {
        outcomes.put(desired, new UserOutcome(desired, List.of(), List.of(), null, e));
      }
    }
    Inventory after = intent;
    Map<Retired, List<UserChange>> removals = new LinkedHashMap<>();
    List<Removal> removed = new ArrayList<>();
    for (Retired gone : toRemove(wanted, owners, retired, before)) {
      try {
        List<UserChange> steps = decisions.remove(gone.owner(), gone.username(),
            gone.deletionPolicy() == DeletionPolicy.Delete, gone.adopted());
        removals.put(gone, steps);
        changes.addAll(steps);
        after = after.without(gone.owner(), instance, gone.username());
      } catch (NotApplied refusal) {
        // Left in place for the operator's sake, and forgotten: asking again would only refuse again.
        after = after.without(gone.owner(), instance, gone.username());
        removed.add(new Removal(gone, List.of(), refusal, null));
      } catch (HostException e) {
        removed.add(new Removal(gone, List.of(), null, e));
      }
    }
    // Entries whose user someone else still has put there are only forgotten, not removed.
    for (Inventory.Entry entry : before.recordedBy(instance)) {
      boolean kept = wanted.stream().anyMatch(d -> d.owner().equals(entry.owner()) && d.username().equals(entry.username()));
      if (owners.contains(entry.owner()) && !kept && before.sharedBeyond(entry.owner(), instance, entry.username())) {
        after = after.without(entry.owner(), instance, entry.username());
      }
    }
    List<UserChange> run = new ArrayList<>();
    // The inventory grows before anything is created and shrinks after things are removed, so a
    // run cut short never leaves something on the instance the inventory does not name.
    if (!intent.sameAs(before)) {
      run.add(UserChange.inventory(intent));
    }
    run.addAll(changes);
    if (!after.sameAs(intent)) {
      run.add(UserChange.finalInventory(after));
    }
    Map<UserChange, Answer> answers = run.isEmpty() ? Map.of() : apply(run);
    List<UserOutcome> users = new ArrayList<>();
    for (UserOutcome outcome : outcomes.values()) {
      List<UserChange> own = byUser.getOrDefault(outcome.desired(), List.of());
      users.add(outcome.applied() ? withAnswers(outcome, own, answers) : outcome);
    }
    removals.forEach((gone, steps) -> removed.add(removalWithAnswers(gone, steps, answers)));
    return new Result(users, removed);
  }

  private List<Retired> toRemove(List<DesiredUser> wanted, Set<String> owners, List<Retired> retired,
      Inventory inventory) {
    Set<String> kept = new LinkedHashSet<>();
    wanted.forEach(desired -> kept.add(desired.owner() + "\t" + desired.username()));
    Map<String, Retired> remove = new LinkedHashMap<>();
    for (Retired gone : retired) {
      remove.putIfAbsent(gone.owner() + "\t" + gone.username(), gone);
    }
    for (Inventory.Entry entry : inventory.recordedBy(instance)) {
      if (owners.contains(entry.owner())) {
        remove.putIfAbsent(entry.owner() + "\t" + entry.username(),
            new Retired(entry.owner(), entry.username(), entry.deletionPolicy(), !entry.created()));
      }
    }
    kept.forEach(remove::remove);
    // A user name another owner in this run still wants is not removed from under it.
    Set<String> stillWanted = new LinkedHashSet<>();
    wanted.forEach(desired -> stillWanted.add(desired.username()));
    // Nor one another LogonUser, or another EcsInstance naming the same host, put there too: it
    // merely stops being this owner's.
    return remove.values().stream()
        .filter(gone -> !stillWanted.contains(gone.username()))
        .filter(gone -> !inventory.sharedBeyond(gone.owner(), instance, gone.username()))
        .toList();
  }

  /**
   * The observe script and what to ask it, run right after the facts in the visit's one command:
   * the users wanted and retired, and whatever the inventory names for any owner through this
   * EcsInstance ({@link #converge} then decides which of those owners it speaks for).
   */
  public static HostFactsReader.FollowOn observation(String instance, List<DesiredUser> wanted,
      List<Retired> retired, boolean audit) {
    Set<String> lines = new LinkedHashSet<>();
    lines.add("instance\t" + instance);
    lines.add("owner\t*");
    if (audit) {
      lines.add("audit\tyes");
    }
    for (DesiredUser desired : wanted) {
      lines.add("user\t" + desired.username());
      if (desired.shell() != null) {
        lines.add("shell\t" + desired.shell());
      }
      desired.groups().forEach(group -> lines.add("group\t" + group));
    }
    retired.forEach(gone -> lines.add("user\t" + gone.username()));
    StringBuilder requests = new StringBuilder();
    lines.forEach(line -> requests.append(line).append('\n'));
    return new HostFactsReader.FollowOn(UsersScripts.OBSERVE, List.of(ObservedInstance.MARKER,
        Integer.toString(AuthorizedKeysFile.MAX_BYTES)), requests.toString().getBytes(StandardCharsets.UTF_8));
  }

  private record Answer(boolean ok, String error) {}

  private Map<UserChange, Answer> apply(List<UserChange> run) {
    StringBuilder stdin = new StringBuilder();
    run.forEach(change -> stdin.append(change.line()));
    byte[] bytes = stdin.toString().getBytes(StandardCharsets.UTF_8);
    Command command = Command.of("sh", "-c", UsersScripts.APPLY, "sh").withStdin(bytes);
    Arrays.fill(bytes, (byte) 0);
    CommandResult result = shell.run(command).orThrow(command);
    Map<UserChange, Answer> answers = new IdentityHashMap<>();
    for (String line : result.stdout().split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length < 2 || !f[1].matches("\\d{1,6}")) {
        continue;
      }
      int index = Integer.parseInt(f[1]) - 1;
      if (index < 0 || index >= run.size()) {
        continue;
      }
      String error = switch (f[0]) {
        case "ok" -> null;
        case "skipped" -> "skipped after an earlier change for the same user failed";
        default -> f.length > 2 ? firstLine(new String(Base64.getMimeDecoder().decode(f[2]), StandardCharsets.UTF_8))
            : "failed";
      };
      answers.put(run.get(index), new Answer(error == null, error));
    }
    for (UserChange change : run) {
      Answer answer = answers.get(change);
      // The final inventory is skipped after a failed change (the larger one stays, so the next
      // visit retries what failed); the first one must have been written.
      if (change.verb().equals("inventory") && (answer == null || !answer.ok())) {
        throw new HostException("writing the operator's inventory on the instance failed: "
            + (answer == null ? "no answer" : answer.error()));
      }
    }
    return answers;
  }

  private static UserOutcome withAnswers(UserOutcome outcome, List<UserChange> own, Map<UserChange, Answer> answers) {
    Answered answered = answered(own, answers);
    return new UserOutcome(outcome.desired(), answered.done(), outcome.foreignKeys(), outcome.authMethods(),
        answered.failure());
  }

  private static Removal removalWithAnswers(Retired gone, List<UserChange> steps, Map<UserChange, Answer> answers) {
    Answered answered = answered(steps, answers);
    return new Removal(gone, answered.done(), null, answered.failure());
  }

  /** The changes done, in order, up to the first that failed (and why it failed). */
  private record Answered(List<String> done, HostException failure) {}

  private static Answered answered(List<UserChange> steps, Map<UserChange, Answer> answers) {
    List<String> done = new ArrayList<>();
    for (UserChange change : steps) {
      Answer answer = answers.get(change);
      if (answer == null || !answer.ok()) {
        return new Answered(done, new HostException(change.description() + " failed: "
            + (answer == null ? "no answer" : answer.error())));
      }
      done.add(change.description());
    }
    return new Answered(done, null);
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
