package io.ecslogon.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstanceFilesTest {
  private static final String S = "@@ecslogon-check ";

  @Test
  void eachSectionKeepsItsOwnOutputAndStatus() {
    InstanceFiles files = InstanceFiles.parse("\n" + S + "sshd\n\n" + S + "exit 0\n"
        + "\n" + S + "copy /etc/ssh/sshd_config.ecslogon-previous\n/etc/ssh/x line 3: Bad option\n\n" + S + "exit 255\n"
        + "\n" + S + "sudoers\n\n" + S + "exit 0\n"
        + "\n" + S + "passwd\nroot:x:0:0:root:/root:/bin/bash\ndeploy:x:1000:1000::/home/deploy:/bin/bash\n\n"
        + S + "exit 0\n", "");

    assertThat(files.sshd().passed()).isTrue();
    assertThat(files.rollbackCopies()).containsOnlyKeys("/etc/ssh/sshd_config.ecslogon-previous");
    assertThat(files.rollbackCopies().get("/etc/ssh/sshd_config.ecslogon-previous"))
        .isEqualTo(new InstanceFiles.Check("/etc/ssh/x line 3: Bad option", 255));
    assertThat(files.sudoers().passed()).isTrue();
    assertThat(files.accounts()).containsExactly("root", "deploy");
  }

  @Test
  void outputThatStopsBeforeTheLastCheckIsNotTakenForAPass() {
    assertThatThrownBy(() -> InstanceFiles.parse("\n" + S + "sshd\n\n" + S + "exit 0\n\n" + S + "sudoers\n",
        "137: killed")).hasMessageContaining("stopped before sudoers").hasMessageContaining("137: killed");
  }
}
