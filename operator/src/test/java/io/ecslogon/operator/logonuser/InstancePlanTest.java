package io.ecslogon.operator.logonuser;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.InstanceUserResult;
import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.LogonUserSpec;
import io.ecslogon.operator.api.v1alpha1.SudoPolicy;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.convergence.NotApplied;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instance plan, compiled from LogonUsers as the caches hold them: no cluster, no instance. */
class InstancePlanTest {
  private static final String NS = "fleet";

  @Test
  void theOldestClaimWinsAndTheOtherIsAConflictThatRemovesNothing() {
    LogonUser older = user("a-older", "2026-01-01T00:00:00Z", "deploy");
    LogonUser younger = user("b-younger", "2026-02-01T00:00:00Z", "deploy");
    InstancePlan plan = InstancePlan.compile(instance(Map.of("role", "web")), List.of(younger, older), sources());

    assertThat(plan.wanted()).extracting(w -> w.user().getMetadata().getName()).containsExactly("a-older");
    assertThat(plan.decided()).singleElement().satisfies(decided -> {
      assertThat(decided.user().getMetadata().getName()).isEqualTo("b-younger");
      assertThat(decided.result().getReason()).isEqualTo("Conflict");
      assertThat(decided.result().getMessage()).contains("managed by LogonUser a-older");
    });
    assertThat(plan.owners()).containsExactly(NS + "/a-older");
    assertThat(plan.known()).containsExactlyInAnyOrder(NS + "/a-older", NS + "/b-younger");
  }

  @Test
  void aLogonUserWaitingForItsKeyPairKeepsWhatItPutThere() {
    LogonUser waiting = user("waiting", "2026-01-01T00:00:00Z", "deploy");
    InstancePlan plan = InstancePlan.compile(instance(Map.of("role", "web")), List.of(waiting), new Sources() {
      @Override
      public DesiredUser desired(LogonUser user) {
        throw new NotApplied("KeyPairNotReady", "waiting for KeyPair k to have a key");
      }
    });

    assertThat(plan.wanted()).isEmpty();
    assertThat(plan.decided()).singleElement()
        .satisfies(decided -> assertThat(decided.result().getReason()).isEqualTo("KeyPairNotReady"));
    // Not an owner this run speaks for: its inventory entries are neither wanted nor removed.
    assertThat(plan.owners()).isEmpty();
    assertThat(plan.leaving()).isEmpty();
  }

  @Test
  void aLogonUserThatNoLongerTargetsTheInstanceLeavesItOnlyWhereItWasReported() {
    LogonUser moved = user("moved", "2026-01-01T00:00:00Z", "alice");
    moved.getSpec().setInstanceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("role", "db")).build());
    EcsInstance reporting = instance(Map.of("role", "web"), reported("moved", "alice", null));
    EcsInstance never = instance(Map.of("role", "web"));

    InstancePlan fromReporting = InstancePlan.compile(reporting, List.of(moved), sources());
    InstancePlan fromNever = InstancePlan.compile(never, List.of(moved), sources());

    assertThat(fromReporting.leaving()).singleElement().satisfies(leaving -> {
      assertThat(leaving.retired().username()).isEqualTo("alice");
      assertThat(leaving.why()).isEqualTo(" (no longer targeted)");
    });
    assertThat(fromNever.leaving()).isEmpty();
    // Either way its inventory entries on the instance are in scope: a lost status still cleans up.
    assertThat(fromReporting.owners()).containsExactly(NS + "/moved");
    assertThat(fromNever.owners()).containsExactly(NS + "/moved");
  }

  @Test
  void aLogonUserBeingDeletedLeavesEveryInstanceItTargets() {
    LogonUser deleting = user("going", "2026-01-01T00:00:00Z", "bob");
    deleting.getMetadata().setDeletionTimestamp("2026-03-01T00:00:00Z");
    deleting.getSpec().setDeletionPolicy(DeletionPolicy.Delete);

    InstancePlan plan = InstancePlan.compile(instance(Map.of("role", "web")), List.of(deleting), sources());

    assertThat(plan.wanted()).isEmpty();
    assertThat(plan.leaving()).singleElement().satisfies(leaving -> {
      assertThat(leaving.retired().deletionPolicy()).isEqualTo(DeletionPolicy.Delete);
      assertThat(leaving.why()).isEmpty();
    });
  }

  @Test
  void aPasswordIsSetOnlyWhenItsSecretChangedSinceItWasSetHere() {
    LogonUser user = user("pw", "2026-01-01T00:00:00Z", "carol");
    Sources withPassword = new Sources() {
      @Override
      public Optional<PasswordSource.Password> password(LogonUser u) {
        return Optional.of(new PasswordSource.Password("x".toCharArray(), "uid-1/7", "pw-secret", "uid-1", false, null));
      }
    };
    InstancePlan same = InstancePlan.compile(instance(Map.of("role", "web"), reported("pw", "carol", "uid-1/7")),
        List.of(user), withPassword);
    InstancePlan changed = InstancePlan.compile(instance(Map.of("role", "web"), reported("pw", "carol", "uid-1/6")),
        List.of(user), withPassword);

    assertThat(same.wanted()).singleElement().satisfies(w -> assertThat(w.setsPassword()).isFalse());
    assertThat(changed.wanted()).singleElement().satisfies(w -> assertThat(w.setsPassword()).isTrue());
  }

  @Test
  void noPasswordGoesToAnInstanceWhoseHostKeyIsOnlyTrustedOnFirstUse() {
    LogonUser user = user("pw", "2026-01-01T00:00:00Z", "carol");
    EcsInstance tofu = instance(Map.of("role", "web"));
    tofu.getSpec().setHostKeyFingerprint(null);

    InstancePlan plan = InstancePlan.compile(tofu, List.of(user), new Sources() {
      @Override
      public Optional<PasswordSource.Password> password(LogonUser u) {
        return Optional.of(new PasswordSource.Password("x".toCharArray(), "uid-1/7", "pw-secret", "uid-1", false, null));
      }
    });

    assertThat(plan.wanted()).isEmpty();
    assertThat(plan.decided()).singleElement()
        .satisfies(decided -> assertThat(decided.result().getReason()).isEqualTo("HostKeyNotPinned"));
  }

  @Test
  void aLogonUserInAnotherNamespaceIsNotPartOfThePlan() {
    LogonUser elsewhere = user("other", "2026-01-01T00:00:00Z", "dave");
    elsewhere.getMetadata().setNamespace("elsewhere");

    InstancePlan plan = InstancePlan.compile(instance(Map.of("role", "web")), List.of(elsewhere), sources());

    assertThat(plan.wanted()).isEmpty();
    assertThat(plan.leaving()).isEmpty();
  }

  /** Every LogonUser valid, with no keys and no password, unless a test says otherwise. */
  private static class Sources implements InstancePlan.Sources {
    @Override
    public DesiredUser desired(LogonUser user) {
      return forRemoval(user);
    }

    @Override
    public DesiredUser forRemoval(LogonUser user) {
      LogonUserSpec spec = user.getSpec();
      return new DesiredUser(InstancePlan.owner(user), spec.getUsername(), null, List.of(), List.of(), KeyPolicy.Merge,
          SudoPolicy.none, false, spec.getDeletionPolicy() == null ? DeletionPolicy.RemoveKeys : spec.getDeletionPolicy());
    }

    @Override
    public Optional<PasswordSource.Password> password(LogonUser user) {
      return Optional.empty();
    }
  }

  private static Sources sources() {
    return new Sources();
  }

  private static LogonUser user(String name, String created, String username) {
    LogonUser user = new LogonUser();
    user.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).withCreationTimestamp(created)
        .withGeneration(1L).build());
    LogonUserSpec spec = new LogonUserSpec();
    spec.setUsername(username);
    spec.setInstanceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("role", "web")).build());
    user.setSpec(spec);
    return user;
  }

  private static EcsInstance instance(Map<String, String> labels, InstanceUserResult... reported) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("web-1").withLabels(labels).build());
    EcsInstanceSpec spec = new EcsInstanceSpec();
    spec.setHostKeyFingerprint("SHA256:pinned");
    instance.setSpec(spec);
    EcsInstanceStatus status = new EcsInstanceStatus();
    status.setUsers(reported.length == 0 ? null : List.of(reported));
    instance.setStatus(status);
    return instance;
  }

  private static InstanceUserResult reported(String logonUser, String username, String passwordVersion) {
    InstanceUserResult result = new InstanceUserResult();
    result.setLogonUser(logonUser);
    result.setUsername(username);
    result.setReady(true);
    result.setPasswordVersion(passwordVersion);
    return result;
  }

}
