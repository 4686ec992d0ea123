package io.ecslogon.operator.host.sshd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagedSshdFileTest {
  private static final String DEBIAN = "Include /etc/ssh/sshd_config.d/*.conf\nUsePAM yes\nSubsystem sftp internal-sftp\n";

  @Test
  void aMainFileWithoutMarkersOrWithOneWholeBlockIsWellFormed() {
    assertThat(ManagedSshdFile.blockProblem(DEBIAN)).isEmpty();
    assertThat(ManagedSshdFile.blockProblem("# BEGIN ecs-logon-operator (x)\nPermitRootLogin no\n"
        + "# END ecs-logon-operator\n" + DEBIAN)).isEmpty();
  }

  @Test
  void aBeginWithoutEndIsRefusedBecauseReplacingItWouldDropTheRestOfTheFile() {
    String main = "UsePAM yes\n# BEGIN ecs-logon-operator\nInclude /etc/ssh/sshd_config.d/*.conf\n"
        + "Match User x\n  PasswordAuthentication yes\n";

    assertThat(ManagedSshdFile.blockProblem(main)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("/etc/ssh/sshd_config", "line(s) [2]", "not one BEGIN followed by one END"));
  }

  @Test
  void anEndBeforeItsBeginTwoBeginsOrALoneEndAreRefused() {
    assertThat(ManagedSshdFile.blockProblem("# END ecs-logon-operator\n# BEGIN ecs-logon-operator\n")).isPresent();
    assertThat(ManagedSshdFile.blockProblem("# BEGIN ecs-logon-operator\n# BEGIN ecs-logon-operator\n"
        + "# END ecs-logon-operator\n")).isPresent();
    assertThat(ManagedSshdFile.blockProblem(DEBIAN + "# END ecs-logon-operator\n")).isPresent();
  }
}
