package io.ecslogon.operator.testing.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's EXECVE records, as auditd wrote them on this machine, read back into argvs. */
class ExecveRecordsTest {
  private static String hex(String text) {
    return HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void quotedAndHexArgumentsAreReadBackAndOtherRecordsSkipped() {
    List<Execution> executions = ExecveRecords.parse(List.of(
        "type=SYSCALL msg=audit(1796379148.956:21): arch=c000003e syscall=59 success=yes exit=0 ses=14514",
        "type=EXECVE msg=audit(1796379148.956:21): argc=3 a0=\"bash\" a1=\"-c\" a2=" + hex("echo \"s3cret word\""),
        "type=PROCTITLE msg=audit(1796379148.956:21): proctitle=" + hex("bash"),
        "type=EXECVE msg=audit(1796379149.196:39): argc=4 a0=\"sudo\" a1=\"-n\" a2=\"true\" a3=\"SUDOARG\""));

    assertThat(executions).containsExactly(
        new Execution("1796379148.956:21", List.of("bash", "-c", "echo \"s3cret word\"")),
        new Execution("1796379149.196:39", List.of("sudo", "-n", "true", "SUDOARG")));
    assertThat(executions.get(0).line()).isEqualTo("audit(1796379148.956:21) argv: bash -c echo \"s3cret word\"");
  }

  @Test
  void aLongArgumentInPartsAcrossRecordsIsWholeEvenWhereAPartEndsInsideACharacter() {
    String long1 = "A".repeat(7000) + "é" + "B".repeat(3000);
    String hex = hex(long1);
    int cut = 14001; // inside the two bytes of é
    List<Execution> executions = ExecveRecords.parse(List.of(
        "type=EXECVE msg=audit(1796379310.048:116): argc=3 a0=\"/bin/true\" a1_len=" + hex.length()
            + " a1[0]=" + hex.substring(0, cut - 1),
        "type=EXECVE msg=audit(1796379310.048:116):  a1[1]=" + hex.substring(cut - 1) + " a2=" + hex("x y")));

    assertThat(executions).singleElement().satisfies(execution ->
        assertThat(execution.argv()).containsExactly("/bin/true", long1, "x y"));
  }

  @Test
  void anEventIsGivenOnceWholeAndTheEnrichedFormatsExtraFieldsAreIgnored() {
    List<Execution> seen = new java.util.ArrayList<>();
    ExecveRecords records = new ExecveRecords(seen::add);
    records.accept("type=EXECVE msg=audit(1.000:1): argc=2 a0=\"chpasswd\" a1_len=4 a1[0]=" + hex("a"));
    assertThat(seen).as("waits for the rest of a1").isEmpty();
    records.accept("type=EXECVE msg=audit(1.000:1):  a1[1]=" + hex("b") + "\u001dARCH=x86_64 SYSCALL=execve");
    assertThat(seen).containsExactly(new Execution("1.000:1", List.of("chpasswd", "ab")));
    records.finish();
    assertThat(seen).hasSize(1);
  }

  @Test
  void anEventCutShortIsStillGivenAsFarAsItGoes() {
    assertThat(ExecveRecords.parse(List.of("type=EXECVE msg=audit(2.000:9): argc=3 a0=\"useradd\" a1=\"-m\"")))
        .containsExactly(new Execution("2.000:9", List.of("useradd", "-m", "")));
  }
}
