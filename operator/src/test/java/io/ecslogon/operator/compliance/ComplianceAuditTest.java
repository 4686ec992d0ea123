package io.ecslogon.operator.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.CompliancePolicy;
import io.ecslogon.operator.api.v1alpha1.Finding;
import io.ecslogon.operator.convergence.AuthorizedKeysContent;
import io.ecslogon.operator.convergence.ObservedInstance;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every rule of the audit, from observe-script output as an instance would print it. */
class ComplianceAuditTest {
  private static final String ADMIN_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOZXxxQTS6OZWxgOUbhYw7QdiJZqOspgpmadoSjdo/8q operator";
  private static final String ADMIN_FP = "SHA256:IO8k23l7eRDaUterTXb0WRW9xvShOZbbVbIa8jUcuLQ";
  private static final String MANAGED_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAkRD1cBATCL8jY/4k/to6/E4JfBWj8I6qoF6KAqZMV/ alice@laptop";
  private static final String MANAGED_FP = "SHA256:KZwluhttFibMvVELTDnW92WTYnx6DJQw6tjcz0ZQN2Q";
  private static final String PLANTED_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqun3vYAPi0XL9UKh190V3tr3Gf2UvcY27fc0ZCqMRg mallory@evil";
  private static final String PLANTED_FP = "SHA256:Tm2xoViKKQ99nJTkCIw3+/65OsmQiFFxhOfF8L5Ec5Y";
  private static final String M = "@@ecslogon-users ";
  private static final String STRICT_NO_PASSWORDS = "sshd\tpasswordauthentication no\nsshd\tpermitrootlogin"
      + " prohibit-password\nsshd\tpubkeyauthentication yes\n";

  private final CompliancePolicy policy = new CompliancePolicy();

  @Test
  void aCleanInstanceHasNoFindings() {
    String out = audit("root", "alice") + root(ADMIN_KEY, "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", STRICT_NO_PASSWORDS, "");

    assertThat(findings(out)).isEmpty();
  }

  @Test
  void anAccountNobodyDeclaredIsAnUnknownUserUnlessAllowed() {
    String out = audit("root", "alice", "intruder") + root(ADMIN_KEY, "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", STRICT_NO_PASSWORDS, "")
        + user("intruder", 1002, "", "locked", STRICT_NO_PASSWORDS, "");

    assertThat(ids(findings(out))).containsExactly("UnknownUser/intruder");
    assertThat(findings(out).get(0).getMessage()).contains("uid 1002", "/bin/bash", "allowedUsers");

    policy.setAllowedUsers(List.of("intruder"));
    assertThat(findings(out)).isEmpty();
  }

  @Test
  void aKeyNobodyRecognisesIsReportedByFingerprintNeverByItsBody() {
    String rootKeys = keys(ADMIN_KEY, "no-pty,command=\"echo a b\" " + PLANTED_KEY);
    String out = audit("root", "alice") + root(rootKeys, "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", STRICT_NO_PASSWORDS, "");

    List<Finding> found = findings(out);
    assertThat(ids(found)).containsExactly("UnrecognisedAuthorizedKey/root/" + PLANTED_FP);
    assertThat(found.get(0).getFingerprint()).isEqualTo(PLANTED_FP);
    assertThat(found.get(0).getMessage()).contains("ssh-ed25519", "mallory@evil", "/root/.ssh/authorized_keys")
        .doesNotContain("AAAAC3NzaC1lZDI1NTE5AAAAIHqun3vYAPi0XL9UKh190V3tr3Gf2UvcY27fc0ZCqMRg");

    policy.setAllowedKeyFingerprints(List.of(PLANTED_FP));
    assertThat(findings(out)).isEmpty();
  }

  @Test
  void aManagedUsersKeyInRootsFileOrTheAdminKeyInAnotherUsersFileIsNotRecognised() {
    String out = audit("root", "alice") + root(keys(ADMIN_KEY, MANAGED_KEY), "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY, ADMIN_KEY), "locked", STRICT_NO_PASSWORDS, "");

    assertThat(ids(findings(out))).containsExactly("UnrecognisedAuthorizedKey/alice/" + ADMIN_FP,
        "UnrecognisedAuthorizedKey/root/" + MANAGED_FP);
  }

  @Test
  void theEcsKeyPairTheOperatorAttachedIsRecognisedInRootsFileOnly() {
    String out = audit("root", "alice") + root(keys(ADMIN_KEY, PLANTED_KEY), "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY, PLANTED_KEY), "locked", STRICT_NO_PASSWORDS, "");
    Expected attached = expected(Set.of()).withEcsKeyPair(PLANTED_FP);

    assertThat(ids(ComplianceAudit.findings(ObservedInstance.parse(out), attached).orElseThrow()))
        .as("ECS puts the key pair in root's file; in alice's it is nobody's").containsExactly(
            "UnrecognisedAuthorizedKey/alice/" + PLANTED_FP);
    assertThat(ids(findings(out))).as("without the attach record").contains("UnrecognisedAuthorizedKey/root/"
        + PLANTED_FP);
  }

  @Test
  void keysInsideTheOperatorsBlockAreItsOwnEvenWhileARotationReplacesThem() {
    String block = AuthorizedKeysContent.begin("default/alice") + "\n" + PLANTED_KEY + "\n"
        + AuthorizedKeysContent.end("default/alice");
    String out = audit("root", "alice") + root(keys(ADMIN_KEY), "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(block), "locked", STRICT_NO_PASSWORDS, "");

    assertThat(findings(out)).isEmpty();
  }

  @Test
  void presetAndEmptyPasswordsAreFoundWithoutTheHash() {
    String out = audit("root", "alice", "ecs-user") + root(ADMIN_KEY, "set", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "set", STRICT_NO_PASSWORDS, "")
        + user("ecs-user", 1000, "", "empty", STRICT_NO_PASSWORDS, "");
    policy.setAllowedUsers(List.of("ecs-user"));

    // alice's LogonUser sets her password: that one is expected.
    assertThat(ids(findings(out, Set.of("alice")))).containsExactly("EmptyPassword/ecs-user", "PasswordSet/root");
    assertThat(ids(findings(out))).containsExactly("EmptyPassword/ecs-user", "PasswordSet/alice", "PasswordSet/root");
  }

  @Test
  void sshdLettingPasswordsInIsFoundPerAccountMatchBlocksIncluded() {
    String open = "sshd\tpasswordauthentication yes\nsshd\tpermitrootlogin yes\nsshd\tpermitemptypasswords yes\n";
    String out = audit("root", "alice") + root(ADMIN_KEY, "locked", open)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", "sshd\tpasswordauthentication yes\n", "");

    assertThat(ids(findings(out))).containsExactly("PasswordLoginEnabled/alice", "PermitEmptyPasswords/root",
        "RootPasswordLogin/root");
  }

  @Test
  void modesThatMakeSshdIgnoreKeysOrLetOthersAddThemAreFound() {
    String out = audit("root", "alice") + root(ADMIN_KEY, "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", STRICT_NO_PASSWORDS,
            "mode\t/home/alice\t755 1001\nmode\t/home/alice/.ssh\t777 1001\nmode\t/home/alice/.ssh/authorized_keys\t600 1002\n");

    List<Finding> found = findings(out);
    assertThat(ids(found)).containsExactly("IgnoredKeyFile/alice//home/alice/.ssh",
        "IgnoredKeyFile/alice//home/alice/.ssh/authorized_keys");
    assertThat(found.get(0).getMessage()).contains("mode 777", "StrictModes", "ignores");
    assertThat(found.get(1).getMessage()).contains("owned by uid 1002");

    String lax = STRICT_NO_PASSWORDS + "sshd\tstrictmodes no\n";
    String out2 = audit("root", "alice") + root(ADMIN_KEY, "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, "", "locked", lax, "mode\t/home/alice/.ssh\t777 1001\n");
    assertThat(findings(out2)).singleElement().satisfies(f -> assertThat(f.getMessage()).contains("others may add keys"));
  }

  @Test
  void shellHistoryIsReportedBySizeOnly() {
    String out = audit("root", "alice") + root(ADMIN_KEY, "locked", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", STRICT_NO_PASSWORDS, "history\t.bash_history\t42\n");

    assertThat(findings(out)).singleElement().satisfies(f -> {
      assertThat(f.getId()).isEqualTo("ShellHistory/alice/.bash_history");
      assertThat(f.getMessage()).contains("42 bytes");
    });
  }

  @Test
  void enforcementRemovesOnlyUnrecognisedKeysAndLocksOnlyWhatIsNotTheAdmins() {
    String block = AuthorizedKeysContent.begin("default/alice") + "\n" + MANAGED_KEY + "\n"
        + AuthorizedKeysContent.end("default/alice");
    String aliceFile = keys("# kept comment", PLANTED_KEY, block);
    String out = audit("root", "alice", "intruder") + root(keys(ADMIN_KEY, PLANTED_KEY), "set", STRICT_NO_PASSWORDS)
        + user("alice", 1001, aliceFile, "locked", STRICT_NO_PASSWORDS, "")
        + user("intruder", 1002, "", "empty", STRICT_NO_PASSWORDS, "");
    ObservedInstance seen = ObservedInstance.parse(out);
    Expected expected = expected(Set.of());

    List<EnforcementAction> actions = EnforcementPlan.of(seen, expected, findings(out));

    assertThat(actions).extracting(EnforcementAction::description).containsExactlyInAnyOrder(
        "removed 1 unrecognised key(s) from /root/.ssh/authorized_keys",
        "removed 1 unrecognised key(s) from /home/alice/.ssh/authorized_keys",
        // root is the admin here: its password is reported, never locked (sudo or a console may need it).
        "locked the password of intruder (EmptyPassword/intruder)");
    EnforcementAction alice = actions.stream().filter(a -> a.description().contains("alice")).findFirst().orElseThrow();
    assertThat(alice.arguments()[2]).isEqualTo(keys("# kept comment", block));
    assertThat(alice.arguments()[1]).isEqualTo(EnforcementPlan.sha256(aliceFile));

    // Without its own key known, the admin's files are not touched.
    Expected passwordAdmin = Expected.of(Map.of("alice", Set.of(MANAGED_FP)), Map.of("alice", "default/alice"),
        Set.of(), "root", java.util.Optional.empty(), policy);
    assertThat(EnforcementPlan.of(seen, passwordAdmin, ComplianceAudit.findings(seen, passwordAdmin).orElseThrow()))
        .extracting(EnforcementAction::description).noneMatch(d -> d.contains("root"));
  }

  @Test
  void anImageIsReadyOnlyWithNoPasswordNoKeyButTheAdminsAndNoHistory() {
    String clean = audit("root") + root(keys(ADMIN_KEY), "locked", STRICT_NO_PASSWORDS);
    assertThat(ComplianceAudit.audit(ObservedInstance.parse(clean), expected(Set.of())).orElseThrow()
        .imageReadiness().ready()).isTrue();

    String used = audit("root", "alice") + root(keys(ADMIN_KEY), "set", STRICT_NO_PASSWORDS)
        + user("alice", 1001, keys(MANAGED_KEY), "locked", STRICT_NO_PASSWORDS, "history\t.bash_history\t9\n");
    ImageReadiness readiness = ComplianceAudit.audit(ObservedInstance.parse(used), expected(Set.of())).orElseThrow()
        .imageReadiness();
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.blockers()).containsExactly("root has a password", "~/.bash_history of alice holds 9 bytes",
        "/home/alice/.ssh/authorized_keys holds 1 key(s) besides the operator's");
  }

  @Test
  void withoutAnAuditSectionNothingIsJudged() {
    String out = root(ADMIN_KEY + "\n" + PLANTED_KEY, "set", STRICT_NO_PASSWORDS);
    assertThat(ComplianceAudit.findings(ObservedInstance.parse(out), expected(Set.of()))).isEmpty();
  }

  private List<Finding> findings(String output) {
    return findings(output, Set.of());
  }

  private List<Finding> findings(String output, Set<String> passwordUsers) {
    return ComplianceAudit.findings(ObservedInstance.parse(output), expected(passwordUsers)).orElseThrow();
  }

  private Expected expected(Set<String> passwordUsers) {
    return Expected.of(Map.of("alice", Set.of(MANAGED_FP)), Map.of("alice", "default/alice"), passwordUsers, "root",
        Expected.fingerprintOf(ADMIN_KEY), policy);
  }

  private static List<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::getId).toList();
  }

  private static String audit(String... accounts) {
    StringBuilder out = new StringBuilder("\n" + M + "audit\nuid-range\t1000\t60000\n");
    for (String account : accounts) {
      out.append("account\t").append(account).append('\n');
    }
    return out.toString();
  }

  private static String root(String authorizedKeys, String password, String sshd) {
    return "\n" + M + "user root\npasswd\troot:x:0:0:root:/root:/bin/bash\n" + sshd
        + keyFile("/root/.ssh/authorized_keys", authorizedKeys) + "password\t" + password + "\n";
  }

  private static String user(String name, int uid, String authorizedKeys, String password, String sshd, String more) {
    String home = "/home/" + name;
    return "\n" + M + "user " + name + "\npasswd\t" + name + ":x:" + uid + ":" + uid + "::" + home + ":/bin/bash\n"
        + sshd + keyFile(home + "/.ssh/authorized_keys", authorizedKeys) + "password\t" + password + "\n" + more;
  }

  private static String keyFile(String path, String content) {
    return content.isEmpty() ? "keyfile\t" + path + "\tabsent\t\n" : "keyfile\t" + path + "\tread\t"
        + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\n";
  }

  private static String keys(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
