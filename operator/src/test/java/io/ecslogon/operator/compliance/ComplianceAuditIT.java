package io.ecslogon.operator.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.ComplianceMode;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.Finding;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.ExampleManifests;
import io.ecslogon.operator.testing.KubeObjects;
import io.ecslogon.operator.testing.LogCapture;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit on a real sandbox: every kind of finding planted by hand, found with its stable id and
 * no secret material anywhere, told once by an Event, then fixed by hand and seen gone; a
 * LogonUser's own user and key are never findings, and a steady state writes nothing.
 */
class ComplianceAuditIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("audited").ecsUser("web-2").build();

  @RegisterExtension
  static LogCapture logs = new LogCapture();

  @RegisterExtension
  static OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofSeconds(2));

  private static final TestKube kube = new TestKube(controlPlane, "default");
  private static final String PLANTED_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqun3vYAPi0XL9UKh190V3tr3Gf2UvcY27fc0ZCqMRg mallory@evil";
  private static final String PLANTED_FP = "SHA256:Tm2xoViKKQ99nJTkCIw3+/65OsmQiFFxhOfF8L5Ec5Y";
  private static final String PLANTED_KEY_2 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAkRD1cBATCL8jY/4k/to6/E4JfBWj8I6qoF6KAqZMV/ trudy@evil";
  private static final String PLANTED_FP_2 = "SHA256:KZwluhttFibMvVELTDnW92WTYnx6DJQw6tjcz0ZQN2Q";
  private static final String PLANTED_KEY_3 =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIbCDKlzty3crWwjoBN/zO6tCTAb/Sr/L1vcKnzMIPE6 mallory@keys2";
  private static final String PLANTED_FP_3 = "SHA256:knITwkWPj/ukIo6qhoW4VDZnmMBhM1av9VCEo4DWIgA";
  private static final List<String> PLANTED = List.of(
      "EmptyPassword/emptypw",
      "IgnoredKeyFile/preset//home/preset/.ssh",
      "PasswordLoginEnabled/preset",
      "PasswordSet/preset",
      "ShellHistory/root/.bash_history",
      "UnknownUser/intruder",
      "UnrecognisedAuthorizedKey/root/" + PLANTED_FP,
      "UnrecognisedAuthorizedKey/root/" + PLANTED_FP_3);
  private static final String PRESET_PASSWORD = "Preset-Image-Pass-1";
  private static final String HISTORY_TEXT = "mysql -psecret-in-history";

  @Test
  void everyPlantedFindingIsReportedOnceWithoutSecretsAndClearsWhenFixed() {
    Sandbox sandbox = sandboxes.get("audited");
    // A clean start: passwords locked, no history, and the image's own login accounts allowed.
    ImageAccounts.lockEveryPassword(sandbox);
    sandbox.sh("rm -f /root/.*_history; useradd -m -s /bin/bash preset && useradd -m -s /bin/bash emptypw"
        + " && passwd -q -l preset && passwd -q -l emptypw").orThrow("clean start");
    String allowed = ImageAccounts.allowedUsers(sandbox);
    kube.apply("kind: KeyPair\nmetadata: {name: alice-key}\nspec: {type: ed25519}");
    kube.apply("kind: LogonUser\nmetadata: {name: alice}\nspec:\n  instanceRef: {name: audited}\n  username: alice\n"
        + "  keyPairRefs: [{name: alice-key}]\n  sudo: passwordless");
    kube.registerInstance("audited", sandbox, "  sshd: {passwordAuthentication: false, permitRootLogin:"
        + " prohibit-password}\n  compliance:\n    mode: Audit\n    allowedUsers: [" + allowed + "]\n"
        + "    allowedKeyFingerprints: ['" + PLANTED_FP_2 + "']\n");
    kube.await(LogonUser.class, "alice", Duration.ofSeconds(60),
        u -> u.getStatus() != null && "1/1".equals(u.getStatus().getReady()));
    // What the machine itself holds (a history under a home outside the sandbox, say) is the baseline.
    EcsInstance before = kube.await(EcsInstance.class, "audited", Duration.ofSeconds(60), i -> i.getStatus() != null
        && TestKube.condition(i.getStatus().getConditions(), "Compliant").isPresent());
    List<String> baseline = ids(before);
    assertThat(baseline).noneMatch(id -> id.contains("alice") || id.contains("/root/") || id.contains("intruder"));

    // Planted: an account, a key for root in each file sshd reads, a preset and an empty password,
    // an allowed key that sshd ignores (~/.ssh open to all), a password login through a Match
    // block, and a shell history.
    sandbox.sh("useradd -m -s /bin/bash intruder"
        + " && echo '" + PLANTED_KEY + "' >> /root/.ssh/authorized_keys"
        + " && echo 'no-pty " + PLANTED_KEY_3 + "' >> /root/.ssh/authorized_keys2"
        + " && echo 'preset:" + PRESET_PASSWORD + "' | chpasswd && passwd -q -d emptypw"
        + " && mkdir -p /home/preset/.ssh && echo '" + PLANTED_KEY_2 + "' > /home/preset/.ssh/authorized_keys"
        + " && chown -R preset: /home/preset/.ssh && chmod 777 /home/preset/.ssh"
        + " && printf 'Match User preset\\n  PasswordAuthentication yes\\n' >> /etc/ssh/sshd_config"
        + " && service ssh reload >/dev/null"
        + " && echo '" + HISTORY_TEXT + "' > /root/.bash_history").orThrow("plant");

    EcsInstance found = kube.await(EcsInstance.class, "audited", Duration.ofSeconds(30),
        i -> i.getStatus().getCompliance() != null && ids(i).containsAll(PLANTED));
    assertThat(ids(found)).containsExactlyInAnyOrderElementsOf(union(baseline, PLANTED));
    assertThat(found.getStatus().getCompliance().getCounts()).containsEntry("UnrecognisedAuthorizedKey", 2)
        .containsEntry("UnknownUser", 1);
    Finding key = finding(found, "UnrecognisedAuthorizedKey/root/" + PLANTED_FP);
    assertThat(key.getPath()).isEqualTo("/root/.ssh/authorized_keys");
    assertThat(key.getMessage()).contains("mallory@evil");
    assertThat(finding(found, "UnrecognisedAuthorizedKey/root/" + PLANTED_FP_3).getPath())
        .isEqualTo("/root/.ssh/authorized_keys2");
    assertThat(TestKube.condition(found.getStatus().getConditions(), "Compliant").orElseThrow().getReason())
        .isEqualTo("FindingsPresent");
    // An image captured now would carry root's history, keys and passwords (the first few are named).
    assertThat(TestKube.condition(found.getStatus().getConditions(), "ImageReady").orElseThrow().getMessage())
        .contains("not ready for an image", "~/.bash_history of root holds").doesNotContain(HISTORY_TEXT);
    assertThat(TestKube.has(found.getStatus().getConditions(), "ImageReady", "False", "CredentialsLeft")).isTrue();
    assertNoSecretIn(sandbox, Serialization.asJson(found.getStatus()));
    List<Event> events = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> told(found, "ComplianceFinding"),
        list -> PLANTED.stream().allMatch(id -> list.stream().anyMatch(e -> e.getMessage().startsWith(id + ": "))));
    assertNoSecretIn(sandbox, events.stream().map(Event::getMessage).collect(Collectors.joining("\n")));
    assertNoSecretIn(sandbox, String.join("\n", logs.lines()));
    assertThat(events).allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    // Steady: the same findings on every visit write nothing and tell nothing again.
    String version = kube.get(EcsInstance.class, "audited").getMetadata().getResourceVersion();
    int told = events.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    Awaitility.await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
    assertThat(kube.get(EcsInstance.class, "audited").getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(told(found, "ComplianceFinding").stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum())
        .isEqualTo(told);

    // Fixed by hand: back to the baseline, each fix told once.
    sandbox.sh("userdel -r intruder 2>/dev/null; sed -i '/mallory/d' /root/.ssh/authorized_keys /root/.ssh/authorized_keys2"
        + " && passwd -q -l preset && passwd -q -l emptypw && chmod 700 /home/preset/.ssh"
        + " && sed -i '/^Match User preset/,$d' /etc/ssh/sshd_config && service ssh reload >/dev/null"
        + " && rm -f /root/.bash_history").orThrow("fix");
    Awaitility.await("back to the baseline").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ids(kube.get(EcsInstance.class, "audited"))).isEqualTo(baseline));
    EcsInstance fixed = kube.get(EcsInstance.class, "audited");
    assertThat(TestKube.has(fixed.getStatus().getConditions(), "Compliant", baseline.isEmpty() ? "True" : "False", null))
        .isTrue();
    List<String> cleared = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
        () -> told(fixed, "ComplianceFindingCleared").stream().map(Event::getMessage).toList(), list -> list.size() >= 8);
    assertThat(cleared).hasSize(8).allSatisfy(m -> assertThat(PLANTED).anySatisfy(id -> assertThat(m).startsWith(id)));
  }

  @Test
  void theExampleAuditsAnImageWhoseAdminIsEcsUser() {
    Sandbox web2 = sandboxes.get("web-2");
    kube.client().resource(KubeObjects.sshAuthSecret("default", "web-2-admin", web2.adminPrivateKey())).create();
    new ExampleManifests(kube.client(), "default", Map.of("web-2", web2)).apply("examples/compliance");

    EcsInstance audited = kube.await(EcsInstance.class, "web-2", Duration.ofSeconds(60), i -> i.getStatus() != null
        && TestKube.condition(i.getStatus().getConditions(), "Compliant").isPresent());
    assertThat(audited.getStatus().getCompliance().getMode()).isEqualTo(ComplianceMode.Audit);
    // The admin and its key (the operator's own way in) are expected, not findings.
    assertThat(ids(audited)).doesNotContain("UnknownUser/ecs-user")
        .noneMatch(id -> id.startsWith("UnrecognisedAuthorizedKey/ecs-user/"));

    web2.sh("useradd -m -s /bin/bash intruder").orThrow("plant");
    EcsInstance found = kube.await(EcsInstance.class, "web-2", Duration.ofSeconds(30),
        i -> ids(i).contains("UnknownUser/intruder"));
    assertThat(TestKube.has(found.getStatus().getConditions(), "Compliant", "False", "FindingsPresent")).isTrue();
  }

  private static List<Event> told(EcsInstance instance, String reason) {
    return KubeObjects.eventsFor(kube.client(), instance).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  private static List<String> union(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).distinct().toList();
  }

  private static List<String> ids(EcsInstance instance) {
    return instance.getStatus() == null || instance.getStatus().getCompliance() == null
        || instance.getStatus().getCompliance().getFindings() == null ? List.of()
        : instance.getStatus().getCompliance().getFindings().stream().map(Finding::getId).toList();
  }

  private static Finding finding(EcsInstance instance, String id) {
    return instance.getStatus().getCompliance().getFindings().stream().filter(f -> id.equals(f.getId()))
        .findFirst().orElseThrow();
  }

  /** No key body, no password or its hash, no history content. */
  private static void assertNoSecretIn(Sandbox sandbox, String text) {
    String hash = sandbox.sh("awk -F: '$1 == \"preset\" {print $2}' /etc/shadow").orThrow("hash").stdout().strip();
    assertThat(hash).startsWith("$");
    assertThat(text).doesNotContain(PLANTED_KEY.split(" ")[1], PLANTED_KEY_2.split(" ")[1], PRESET_PASSWORD, hash,
        "secret-in-history", PLANTED_KEY_3.split(" ")[1]);
  }
}
