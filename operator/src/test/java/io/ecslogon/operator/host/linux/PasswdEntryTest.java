package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.host.linux.LinuxUsers.PasswdEntry;
import org.junit.jupiter.api.Test;

/** Which accounts the operator takes for its own: only one whose GECOS full name is the marker. */
class PasswdEntryTest {
  @Test
  void theAccountUseraddMadeIsTheOperators() {
    assertThat(entry(LinuxUsers.MARKER).createdByOperator()).isTrue();
    // Its user may fill in the other fields (chfn -r/-w/-h): still the operator's.
    assertThat(entry(LinuxUsers.MARKER + ",Room 4,,").createdByOperator()).isTrue();
  }

  @Test
  void aMarkerAUserWroteIntoAnotherFieldMakesNoAccountTheOperators() {
    // What chfn -r leaves when a user puts the marker in the room number of their own entry.
    assertThat(entry("Eve," + LinuxUsers.MARKER + ",,").createdByOperator()).isFalse();
    assertThat(entry(",,," + LinuxUsers.MARKER).createdByOperator()).isFalse();
    assertThat(entry("not " + LinuxUsers.MARKER).createdByOperator()).isFalse();
    assertThat(entry("").createdByOperator()).isFalse();
  }

  private static PasswdEntry entry(String gecos) {
    return PasswdEntry.parse("eve:x:1001:1001:" + gecos + ":/home/eve:/bin/bash").orElseThrow();
  }
}
