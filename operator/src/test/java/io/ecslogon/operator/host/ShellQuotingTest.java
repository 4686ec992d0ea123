package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feeds quoted command lines to a real POSIX shell, which is what sshd does on the instance. */
class ShellQuotingTest {
  private static final List<String> HOSTILE = List.of(
      "plain", "with space", "it's", "'", "''", "$(touch /tmp/pwned)", "`id`", "; rm -rf /", "a\nb", "$HOME",
      "*", "\\", "\"double\"", "-n", "", "tab\there", "&& echo hi", "| cat", "> /tmp/x", "日本語");

  @Test
  void everyArgumentReachesTheProgramLiterally() throws Exception {
    List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
    argv.addAll(HOSTILE);
    String printed = sh(ShellQuoting.commandLine(argv));
    assertThat(printed.split("\0", -1)).containsExactlyElementsOf(withTrailingEmpty(HOSTILE));
  }

  @Test
  void refusesNulBytes() {
    assertThatThrownBy(() -> ShellQuoting.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> withTrailingEmpty(List<String> values) {
    List<String> expected = new ArrayList<>(values);
    expected.add("");
    return expected;
  }

  private static String sh(String commandLine) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("/bin/sh", "-c", commandLine).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("sh exit; output: %s", out).isZero();
    return out;
  }
}
