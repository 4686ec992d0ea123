package io.ecslogon.operator.testing.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EXECVE audit records read back into argvs. The two resource files are records auditd wrote on
 * this machine (hack/execve-audit.sh), for programs started in an audit session of their own.
 */
class ExecveRecordsTest {
  private static List<String> recorded(String name) throws IOException {
    try (InputStream in = ExecveRecordsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
    }
  }

  private static String hex(String text) {
    return HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void quotedHexAndEmptyArgumentsAreReadBackAndOtherRecordsSkipped() throws IOException {
    // /bin/sh -c 'true "s3cret word" é' ignored-0, then /bin/true plain ''
    assertThat(ExecveRecords.parse(recorded("short-arguments.log"))).containsExactly(
        new Execution("1796382748.576:148186", List.of("/bin/sh", "-c", "true \"s3cret word\" é", "ignored-0")),
        new Execution("1796382748.588:148188", List.of("/bin/true", "plain", "")));
  }

  @Test
  void argumentsInPartsAcrossRecordsAreWholeWhetherQuotedOrHex() throws IOException {
    // /bin/true with 5000 x's, 5000 y's (quoted parts, a2_len in characters) and 9000 z's (hex parts).
    assertThat(ExecveRecords.parse(recorded("long-arguments.log"))).singleElement().satisfies(execution ->
        assertThat(execution.argv()).containsExactly("/bin/true", "x".repeat(5000), "y".repeat(5000), "z".repeat(9000)));
  }

  @Test
  void aQuotedLastArgumentInPartsWaitsForItsLastPart() {
    List<Execution> seen = new ArrayList<>();
    ExecveRecords records = new ExecveRecords(seen::add);
    records.accept("type=EXECVE msg=audit(1.000:1): argc=2 a0=\"/bin/true\" a1_len=6 a1[0]=\"abcd\"");
    assertThat(seen).as("4 of 6 characters: half a hex count would call it whole").isEmpty();
    records.accept("type=EXECVE msg=audit(1.000:1):  a1[1]=\"ef\"");
    assertThat(seen).containsExactly(new Execution("1.000:1", List.of("/bin/true", "abcdef")));
  }

  @Test
  void aHexPartEndingInsideACharacterIsJoinedBeforeDecoding() {
    String argument = "A".repeat(3000) + "é" + "B".repeat(3000);
    String hex = hex(argument);
    int cut = 6001; // one hex digit pair into the two bytes of é
    List<Execution> executions = ExecveRecords.parse(List.of(
        "type=EXECVE msg=audit(2.000:2): argc=2 a0=\"/bin/true\" a1_len=" + hex.length() + " a1[0]=" + hex.substring(0, cut + 1),
        "type=EXECVE msg=audit(2.000:2):  a1[1]=" + hex.substring(cut + 1)));
    assertThat(executions).singleElement().satisfies(execution ->
        assertThat(execution.argv()).containsExactly("/bin/true", argument));
  }

  @Test
  void theEnrichedFormatAndANodePrefixAreRead() {
    assertThat(ExecveRecords.parse(List.of(
        "node=web-1 type=EXECVE msg=audit(3.000:3): argc=2 a0=\"chpasswd\" a1=" + hex("x y") + "\u001dARCH=x86_64")))
        .containsExactly(new Execution("3.000:3", List.of("chpasswd", "x y")));
  }

  @Test
  void anEventCutShortIsStillGivenAsFarAsItGoesAndAnUnknownValueFails() {
    assertThat(ExecveRecords.parse(List.of("type=EXECVE msg=audit(4.000:9): argc=3 a0=\"useradd\" a1=\"-m\"")))
        .containsExactly(new Execution("4.000:9", List.of("useradd", "-m", "")));
    assertThatThrownBy(() -> ExecveRecords.parse(List.of("type=EXECVE msg=audit(5.000:1): argc=1 a0=(null)")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
