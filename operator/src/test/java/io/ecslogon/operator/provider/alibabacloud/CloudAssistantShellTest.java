package io.ecslogon.operator.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.SecretNotSentException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The script a command becomes for Cloud Assistant, run by the real /bin/sh here as Cloud Assistant
 * runs it there: argv and input arrive unchanged (nothing in them evaluated), stdout and stderr are
 * told apart, the exit code survives.
 */
class CloudAssistantShellTest {
  private static final String MARKER = "ecslogon-stderr-test";

  @Test
  void argvAndInputArriveAsTheyAreAndNothingInThemIsEvaluated() throws Exception {
    byte[] input = "line one\n'quoted' \"double\" $(touch /tmp/ecslogon-pwned) `id` \\ end\n"
        .getBytes(StandardCharsets.UTF_8);
    Command command = Command.of("sh", "-c", "cat; printf '%s|' \"$@\"; echo oops >&2; exit 3", "sh", "a b", "$(id)", "'")
        .withStdin(input);

    CommandResult result = runLocally(command);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo(new String(input, StandardCharsets.UTF_8) + "a b|$(id)|'|");
    assertThat(result.stderr()).isEqualTo("oops\n");
    assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/ecslogon-pwned"))).isFalse();
  }

  @Test
  void aCommandWithoutInputReadsNothing() throws Exception {
    CommandResult result = runLocally(Command.of("sh", "-c", "cat; echo done"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("done\n");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void aSecretInputIsNeverPutInAScript() {
    CloudAssistantShell shell = new CloudAssistantShell(null, new CloudCredentials.DefaultChain(), "cn-hangzhou",
        "i-test00000001", Duration.ofSeconds(60));

    assertThatThrownBy(() -> shell.run(Command.of("chpasswd").withSecretStdin("root:hunter2\n".getBytes(
        StandardCharsets.UTF_8)))).isInstanceOf(SecretNotSentException.class)
        .hasMessageContaining("chpasswd").hasMessageNotContaining("hunter2");
  }

  private static CommandResult runLocally(Command command) throws Exception {
    Process sh = new ProcessBuilder("/bin/sh", "-s").start();
    sh.getOutputStream().write(CloudAssistantShell.script(command, MARKER).getBytes(StandardCharsets.UTF_8));
    sh.getOutputStream().close();
    // Cloud Assistant hands back stdout and stderr as one text: so does this.
    String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        + new String(sh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return CloudAssistantShell.result(sh.waitFor(), output, MARKER);
  }
}
