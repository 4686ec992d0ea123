package io.ecslogon.operator.host.sshd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SshdPlacementTest {
  private static final SshdDirectives NO_PASSWORDS =
      new SshdDirectives(Map.of(SshdDirectives.PASSWORD_AUTHENTICATION, "no"));

  @Test
  void aDebianMainFileIncludingTheDirectoryFirstTakesTheDropIn() {
    String main = "# comment\nInclude /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication yes\nUsePAM yes\n";

    SshdPlacement placement = SshdPlacement.decide(main, NO_PASSWORDS);

    assertThat(placement.kind()).isEqualTo(SshdPlacement.Kind.DROP_IN);
    assertThat(placement.includeLine()).isEqualTo(2);
    assertThat(placement.targetPath()).isEqualTo("/etc/ssh/sshd_config.d/00-ecs-logon-operator.conf");
  }

  @Test
  void aConflictingLineBeforeTheIncludeMeansTheMainFile() {
    String main = "passwordauthentication=yes\nInclude sshd_config.d/*.conf\n";

    SshdPlacement placement = SshdPlacement.decide(main, NO_PASSWORDS);

    assertThat(placement.kind()).isEqualTo(SshdPlacement.Kind.MAIN_FILE);
    assertThat(placement.why()).contains("PasswordAuthentication (line 1)");
  }

  @Test
  void aLineForAKeywordNotDeclaredIsNoConflict() {
    String main = "PermitRootLogin no\nInclude /etc/ssh/sshd_config.d/*.conf\n";

    assertThat(SshdPlacement.decide(main, NO_PASSWORDS).kind()).isEqualTo(SshdPlacement.Kind.DROP_IN);
  }

  @Test
  void anIncludeInsideAMatchBlockOrNoIncludeAtAllMeansTheMainFile() {
    assertThat(SshdPlacement.decide("Match User x\n  Include /etc/ssh/sshd_config.d/*.conf\n", NO_PASSWORDS).kind())
        .isEqualTo(SshdPlacement.Kind.MAIN_FILE);
    assertThat(SshdPlacement.decide("UsePAM yes\n", NO_PASSWORDS).kind()).isEqualTo(SshdPlacement.Kind.MAIN_FILE);
    assertThat(SshdPlacement.decide("Include /etc/other/*.conf\n", NO_PASSWORDS).kind())
        .isEqualTo(SshdPlacement.Kind.MAIN_FILE);
  }

  @Test
  void theMainFileBlockGoesFirstAndReplacesItselfNeverInsideTheTrailingMatchBlock() {
    String main = "Port 22\nPasswordAuthentication yes\nMatch User deploy\n  PasswordAuthentication yes\n";

    String once = ManagedSshdFile.mainFileWithBlock(main, NO_PASSWORDS);
    String twice = ManagedSshdFile.mainFileWithBlock(once,
        new SshdDirectives(Map.of(SshdDirectives.PASSWORD_AUTHENTICATION, "yes")));

    assertThat(once).startsWith(ManagedSshdFile.BEGIN).endsWith(main)
        .contains("\nPasswordAuthentication no\n" + ManagedSshdFile.END + "\nPort 22\n");
    assertThat(twice).endsWith(main).contains("\nPasswordAuthentication yes\n" + ManagedSshdFile.END);
    assertThat(twice.split(ManagedSshdFile.BEGIN, -1)).hasSize(2);
    assertThat(ManagedSshdFile.read(twice, SshdPlacement.Kind.MAIN_FILE).values())
        .containsExactly(Map.entry("PasswordAuthentication", "yes"));
    assertThat(SshdPlacement.decide(twice, NO_PASSWORDS).kind()).isEqualTo(SshdPlacement.Kind.MAIN_FILE);
  }

  @Test
  void theDropInReadsBackWhatWasWrittenAndDropsWhatTheOperatorWouldNeverWrite() {
    SshdDirectives written = new SshdDirectives(Map.of(SshdDirectives.PERMIT_ROOT_LOGIN, "prohibit-password",
        SshdDirectives.PASSWORD_AUTHENTICATION, "no"));

    assertThat(ManagedSshdFile.read(ManagedSshdFile.dropIn(written), SshdPlacement.Kind.DROP_IN)).isEqualTo(written);
    assertThat(ManagedSshdFile.read("PasswordAuthentication maybe\n", SshdPlacement.Kind.DROP_IN).isEmpty()).isTrue();
    assertThat(ManagedSshdFile.read(null, SshdPlacement.Kind.DROP_IN).isEmpty()).isTrue();
  }

  @Test
  void declaredValuesWinAndUndeclaredOnesStay() {
    SshdDirectives have = new SshdDirectives(Map.of(SshdDirectives.PASSWORD_AUTHENTICATION, "yes",
        SshdDirectives.PERMIT_ROOT_LOGIN, "no"));

    SshdDirectives want = have.overlaidWith(NO_PASSWORDS);

    assertThat(want.values()).containsExactly(Map.entry("PasswordAuthentication", "no"),
        Map.entry("PermitRootLogin", "no"));
  }

  @Test
  void onlyKnownKeywordsAndValuesCanBeWritten() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SshdDirectives(Map.of("PermitRootLogin",
        "yes\nForceCommand /bin/sh"))).isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SshdDirectives(Map.of("ForceCommand", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
