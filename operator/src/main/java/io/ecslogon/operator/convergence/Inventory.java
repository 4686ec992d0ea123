package io.ecslogon.operator.convergence;

import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator manages on one instance, kept on the instance itself (root-only
 * {@code /var/lib/ecs-logon-operator/users}, replaced atomically): which LogonUser put which user
 * there, whether the operator created it, and what deleting it means. Clean-up follows this record,
 * not today's spec: a renamed user, a LogonUser deleted while the operator was down, or a status
 * that was lost all still clean up.
 */
public record Inventory(List<Entry> entries) {
  static final String HEADER = "# ecs-logon-operator inventory v1: what the operator manages here (do not edit)";

  /**
   * @param owner namespace/name of the LogonUser
   * @param instance namespace/name of the EcsInstance it was applied through: two EcsInstances may
   *     name the same host, and each cleans up only what it put there
   * @param created whether the operator created the account (otherwise it was adopted, or is root)
   */
  public record Entry(String owner, String instance, String username, boolean created, DeletionPolicy deletionPolicy) {}

  public Inventory {
    entries = List.copyOf(entries);
  }

  static Inventory empty() {
    return new Inventory(List.of());
  }

  /** Lines this version does not know are dropped: the file is the operator's own. */
  public static Inventory parse(String text) {
    List<Entry> entries = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length == 6 && "user".equals(f[0]) && !f[1].isEmpty() && !f[2].isEmpty()) {
        DeletionPolicy policy = "Delete".equals(f[4]) ? DeletionPolicy.Delete : DeletionPolicy.RemoveKeys;
        entries.add(new Entry(f[1], f[5], f[2], "created".equals(f[3]), policy));
      }
    }
    return new Inventory(entries);
  }

  String format() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Entry entry : entries) {
      text.append("user\t").append(entry.owner()).append('\t').append(entry.username()).append('\t')
          .append(entry.created() ? "created" : "adopted").append('\t').append(entry.deletionPolicy()).append('\t')
          .append(entry.instance()).append('\n');
    }
    return text.toString();
  }

  /** The entries one EcsInstance recorded. */
  public List<Entry> recordedBy(String instance) {
    return entries.stream().filter(entry -> entry.instance().equals(instance)).toList();
  }

  /** Whether another owner or EcsInstance than these also put {@code username} here. */
  boolean sharedBeyond(String owner, String instance, String username) {
    return entries.stream().anyMatch(e -> e.username().equals(username)
        && !(e.owner().equals(owner) && e.instance().equals(instance)));
  }

  /** This inventory with {@code entry} in place of the one for the same owner, instance and user. */
  Inventory with(Entry entry) {
    List<Entry> next = new ArrayList<>(without(entry.owner(), entry.instance(), entry.username()).entries);
    next.add(entry);
    return new Inventory(next);
  }

  Inventory without(String owner, String instance, String username) {
    return new Inventory(entries.stream().filter(e -> !(e.owner().equals(owner) && e.instance().equals(instance)
        && e.username().equals(username))).toList());
  }

  boolean sameAs(Inventory other) {
    return Objects.equals(new java.util.HashSet<>(entries), new java.util.HashSet<>(other.entries));
  }
}
