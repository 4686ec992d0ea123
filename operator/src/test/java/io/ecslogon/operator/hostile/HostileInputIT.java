package io.ecslogon.operator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecslogon.operator.api.v1alpha1.ApiGroup;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.AllowedDestinations;
import io.ecslogon.operator.hostile.HostileBaselines.CaseObjects;
import io.ecslogon.operator.hostile.HostileTally.Outcome;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Boots;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every case of hostile-input/corpus.txt, applied through the real API server against a running
 * operator, is refused at the API or by the controller before it reaches an instance: sshd of the
 * quiet sandbox (where every EcsInstance case points) logs no connection at all, no case creates
 * or changes its user on the ready sandbox, nothing reboots, and the protected files of both
 * sandboxes are byte-identical at the end. Prints the figures docs/reliability.md quotes.
 */
class HostileInputIT {
  private static final String NS = "default";
  private static final String CONNECTION = "Connection from";
  private static final Pattern USERNAME = Pattern.compile(ApiGroup.USERNAME_PATTERN);
  private static final Duration REFUSAL_WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("quiet").root("ready").build();

  /** Loopback only: an address elsewhere (the metadata service, another network) is refused, never dialled. */
  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2),
      config -> config.withAllowedDestinations(AllowedDestinations.parse("127.0.0.1/32", "")));

  private static final TestKube kube = new TestKube(controlPlane, NS);

  /** Where each case was refused, and what makes it unexpected, as {@link #awaitRefusal} found. */
  private final Map<HostileCase, Outcome> outcomes = new LinkedHashMap<>();
  private final Map<HostileCase, String> details = new LinkedHashMap<>();

  /** A case as applied: what was created, and the API server's answer to the changed object. */
  private record Applied(HostileCase c, CaseObjects objects, List<GenericKubernetesResource> created,
      String apiRefusal) {}

  @Test
  void everyCaseIsRefusedBeforeItReachesAnInstance() {
    Sandbox quiet = sandboxes.get("quiet");
    Sandbox ready = sandboxes.get("ready");
    ready.sh("useradd -m -s /bin/bash " + HostileBaselines.RESET_USER).orThrow("reset user");
    kube.registerInstance(HostileBaselines.READY_INSTANCE, ready, TestKube.pinnedHostKey(ready));
    kube.await(EcsInstance.class, HostileBaselines.READY_INSTANCE,
        i -> i.getStatus() != null && TestKube.has(i.getStatus().getConditions(), "Ready", "True", null));
    quiet.logConnectionsVerbosely();

    HostileBaselines baselines = new HostileBaselines(quiet, ready);
    List<HostileCase> corpus = HostileCorpus.load();
    Map<HostileCase, CaseObjects> plans = new LinkedHashMap<>();
    corpus.forEach(c -> plans.put(c, baselines.of(c)));
    Set<String> usernames = new LinkedHashSet<>();
    plans.values().forEach(p -> usernames.addAll(usernames(p)));
    Map<String, String> usersBefore = UserStates.of(ready, usernames);
    String quietBefore = ProtectedFiles.hashes(quiet);
    String readyBefore = ProtectedFiles.hashes(ready);
    long rebootsBefore = Boots.rebootsBegun(ready);

    HostileTally tally = new HostileTally();
    // One at a time where the connection log must tell which case dialled; the rest in one batch.
    List<Applied> batch = new ArrayList<>();
    for (HostileCase c : corpus) {
      if (pointsAtQuiet(c)) {
        int connections = connections(quiet);
        Applied applied = apply(c, plans.get(c));
        Outcome outcome = awaitRefusal(List.of(applied));
        if (connections(quiet) > connections) {
          tally.add(c, Outcome.REACHED, "sshd of the quiet sandbox logged a connection", null);
        } else {
          record(tally, applied, outcome);
        }
      } else {
        batch.add(apply(c, plans.get(c)));
      }
    }
    awaitRefusal(batch);

    Map<String, String> usersAfter = UserStates.of(ready, usernames);
    boolean rebooted = Boots.rebootsBegun(ready) != rebootsBefore;
    for (Applied applied : batch) {
      List<String> changed = usernames(applied.objects()).stream()
          .filter(u -> !usersBefore.get(u).equals(usersAfter.get(u))).toList();
      if (!changed.isEmpty()) {
        tally.add(applied.c(), Outcome.REACHED, "changed user " + changed + " on the ready sandbox", null);
      } else if (rebooted && applied.c().field().toString().startsWith("/metadata/annotations")) {
        tally.add(applied.c(), Outcome.REACHED, "the ready sandbox began a reboot", null);
      } else {
        record(tally, applied, outcomes.get(applied.c()));
      }
    }

    System.out.println(tally.cases());
    System.out.println(tally.table());
    assertThat(tally.unexpected()).as(tally.table()).isEmpty();
    assertThat(quiet.sshdLog()).as("no case dialled the quiet sandbox").doesNotContain(CONNECTION);
    assertThat(ProtectedFiles.hashes(quiet)).isEqualTo(quietBefore);
    assertThat(ProtectedFiles.hashes(ready)).isEqualTo(readyBefore);
  }

  private void record(HostileTally tally, Applied applied, Outcome outcome) {
    String how = applied.apiRefusal() != null ? applied.apiRefusal() : applied.c().expectedReason();
    tally.add(applied.c(), outcome, details.get(applied.c()), how);
  }

  /**
   * Waits until each applied case shows its expected reason (a condition or an Event on one of
   * its objects), and notes where each was refused.
   */
  private Outcome awaitRefusal(List<Applied> applied) {
    List<Applied> pending = new ArrayList<>();
    for (Applied a : applied) {
      if (a.apiRefusal() != null) {
        outcomes.put(a.c(), Outcome.API);
        if (!a.c().refusedAtApi()) {
          details.put(a.c(), "refused at the API, the corpus expects " + a.c().expectedReason() + ": " + a.apiRefusal());
        } else if (!a.apiRefusal().contains(a.c().apiRefusalMentions())) {
          // Refused, but for something else (a baseline the schema dislikes): the case proved nothing.
          details.put(a.c(), "refused at the API without saying " + a.c().apiRefusalMentions() + ": " + a.apiRefusal());
        }
      } else {
        pending.add(a);
      }
    }
    long deadline = System.nanoTime() + REFUSAL_WAIT.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      pending.removeIf(a -> {
        Set<String> reasons = RefusalReasons.of(kube.client(), a.created());
        if (a.c().expectedReason() != null && reasons.contains(a.c().expectedReason())) {
          outcomes.put(a.c(), Outcome.CONTROLLER);
          return true;
        }
        return false;
      });
      sleep(Duration.ofMillis(500));
    }
    for (Applied a : pending) {
      outcomes.put(a.c(), Outcome.CONTROLLER);
      details.put(a.c(), (a.c().refusedAtApi() ? "accepted by the API server" : "no " + a.c().expectedReason())
          + "; reasons seen: " + RefusalReasons.of(kube.client(), a.created()));
    }
    return applied.size() == 1 ? outcomes.get(applied.get(0).c()) : null;
  }

  private static Applied apply(HostileCase c, CaseObjects plan) {
    List<GenericKubernetesResource> created = new ArrayList<>();
    for (int i = 0; i < plan.objects().size(); i++) {
      ObjectNode object = plan.objects().get(i);
      try {
        created.add(create(object));
        if (i == plan.target() && plan.statusOfTarget()) {
          patchStatus(created.get(i), c);
        }
      } catch (KubernetesClientException e) {
        if (i == plan.target() && e.getCode() >= 400 && e.getCode() < 500) {
          return new Applied(c, plan, created, e.getCode() + " " + e.getStatus().getMessage());
        }
        throw e;
      }
    }
    return new Applied(c, plan, created, null);
  }

  private static GenericKubernetesResource create(ObjectNode object) {
    String json = object.toString();
    if ("Secret".equals(object.path("kind").asText())) {
      kube.client().secrets().inNamespace(NS).resource(Serialization.unmarshal(json, Secret.class)).create();
    }
    GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
    if (!"Secret".equals(resource.getKind())) {
      resource = kube.client().genericKubernetesResources(resource.getApiVersion(), resource.getKind()).inNamespace(NS)
          .resource(resource).create();
    }
    return resource;
  }

  /** Once the controller has written its own status (it refused the key), the case's status goes on top. */
  @SuppressWarnings("unchecked")
  private static void patchStatus(GenericKubernetesResource target, HostileCase c) {
    var resources = kube.client().genericKubernetesResources(target.getApiVersion(), target.getKind()).inNamespace(NS);
    Awaitility.await("controller's status on " + target.getMetadata().getName()).atMost(Duration.ofSeconds(30))
        .until(() -> RefusalReasons.of(kube.client(), List.of(target)).contains("InvalidPublicKey"));
    GenericKubernetesResource current = resources.withName(target.getMetadata().getName()).get();
    Map<String, Object> patch = Serialization.jsonMapper().convertValue(HostileBaselines.statusPatch(c), Map.class);
    Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
    status.putAll((Map<String, Object>) patch.get("status"));
    resources.resource(current).patchStatus();
  }

  private static boolean pointsAtQuiet(HostileCase c) {
    return c.kind().startsWith("Admin")
        || ("EcsInstance".equals(c.kind()) && !c.field().toString().startsWith("/metadata/annotations"));
  }

  /** The users a case's LogonUsers and PasswordResets name, where the name is one a shell may see. */
  private static List<String> usernames(CaseObjects plan) {
    List<String> names = new ArrayList<>();
    if (plan.username() != null) {
      names.add(plan.username());
    }
    plan.objects().forEach(o -> names.add(o.path("spec").path("username").asText("")));
    return names.stream().filter(n -> USERNAME.matcher(n).matches()).distinct().toList();
  }

  private static int connections(Sandbox quiet) {
    return quiet.sshdLog().split(CONNECTION, -1).length - 1;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
