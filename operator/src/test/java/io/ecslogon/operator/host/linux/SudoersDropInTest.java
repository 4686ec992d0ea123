package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SudoersDropInTest {
  @Test
  void theDropInDirectoryCountsOnlyWhenSudoersIncludesIt() {
    assertThat(SudoersDropIn.includesDropInDirectory("Defaults env_reset\n@includedir /etc/sudoers.d\n")).isTrue();
    assertThat(SudoersDropIn.includesDropInDirectory("root ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n")).isTrue();
    assertThat(SudoersDropIn.includesDropInDirectory("root ALL=(ALL:ALL) ALL\n")).isFalse();
    assertThat(SudoersDropIn.includesDropInDirectory("# includedir /etc/sudoers.d is a comment\n")).isFalse();
    assertThat(SudoersDropIn.includesDropInDirectory("#includedir /etc/other.d\n")).isFalse();
  }
}
