package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizedKeysLocationsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      ".ssh/authorized_keys .ssh/authorized_keys2|true",
      "%h/.ssh/authorized_keys|true",
      "/home/%u/.ssh/authorized_keys|true",
      "/etc/ssh/keys/%u .ssh/authorized_keys|true",
      "/etc/ssh/keys/%u|false",
      ".ssh/authorized_keys2|false",
      "none|false",
      "%%h/.ssh/authorized_keys|false",
  })
  void judgesWhetherSshdReadsTheFileTheOperatorWrites(String authorizedKeysFile, boolean reads) {
    assertThat(AuthorizedKeysLocations.readsOperatorFile(authorizedKeysFile, "alice", "/home/alice")).isEqualTo(reads);
  }
}
