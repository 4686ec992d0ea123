package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParsersTest {
  @Test
  void osReleaseUnquotesValues() {
    OsRelease release = OsRelease.parse("""
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        ID=debian
        # a comment
        """);
    assertThat(release).isEqualTo(new OsRelease("debian", "Debian GNU/Linux 12 (bookworm)"));
  }

  @Test
  void osReleaseFallsBackWhenFieldsAreMissing() {
    assertThat(OsRelease.parse("")).isEqualTo(new OsRelease("linux", "Linux"));
  }

  @Test
  void passwdKeepsWellFormedLinesAndLoginShellsAreThoseInEtcShells() {
    List<Account> accounts = Account.parsePasswd("""
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        sync:x:4:65534:sync:/bin:/bin/sync
        broken line
        ecs-user:x:1000:1000::/home/ecs-user:/bin/sh
        """);
    Set<String> shells = Set.of("/bin/sh", "/bin/bash");

    assertThat(accounts).extracting(Account::name).containsExactly("root", "daemon", "sync", "ecs-user");
    assertThat(accounts.stream().filter(a -> a.hasLoginShell(shells)).map(Account::name))
        .containsExactly("root", "ecs-user");
  }

  @Test
  void sshdSettingsAreCaseInsensitiveAndFirstValueWins() {
    SshdSettings settings = SshdSettings.parse("""
        port 22
        passwordauthentication no
        PermitRootLogin prohibit-password
        hostkey /etc/ssh/ssh_host_rsa_key
        hostkey /etc/ssh/ssh_host_ed25519_key
        """);
    assertThat(settings.get("PasswordAuthentication")).contains("no");
    assertThat(settings.get("permitrootlogin")).contains("prohibit-password");
    assertThat(settings.get("hostkey")).contains("/etc/ssh/ssh_host_rsa_key");
    assertThat(settings.get("usepam")).isEmpty();
  }

  @Test
  void factsScriptOutputIsCutAtItsMarkers() {
    String output = "\n@@ecslogon os-release\nID=debian\n\n@@ecslogon boot-id\nabc\n\n@@ecslogon sshd\n"
        + "port 22\n@@ecslogon-not-a-marker\n";

    var sections = HostFactsReader.sections(output);

    org.assertj.core.api.Assertions.assertThat(sections).containsOnlyKeys("os-release", "boot-id", "sshd");
    org.assertj.core.api.Assertions.assertThat(sections.get("os-release")).isEqualTo("ID=debian\n\n");
    org.assertj.core.api.Assertions.assertThat(sections.get("boot-id").strip()).isEqualTo("abc");
    org.assertj.core.api.Assertions.assertThat(sections.get("sshd")).contains("port 22", "@@ecslogon-not-a-marker");
  }
}
