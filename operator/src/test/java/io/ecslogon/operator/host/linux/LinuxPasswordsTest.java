package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The password goes on stdin, never into argv or an error message (a recording shell of our own). */
class LinuxPasswordsTest {
  private static final String SECRET = "S3cret-Pa$$word";

  @Test
  void thePasswordTravelsOnStdinOnly() {
    List<Command> sent = new ArrayList<>();
    RemoteShell shell = command -> {
      sent.add(command);
      return new CommandResult(0, "", "");
    };

    new LinuxPasswords(shell).set("deploy", SECRET.toCharArray());

    assertThat(sent).singleElement().satisfies(command -> {
      assertThat(command.argv()).containsExactly("chpasswd");
      assertThat(new String(command.stdin(), StandardCharsets.UTF_8)).isEqualTo("deploy:" + SECRET + "\n");
      assertThat(command.toString()).doesNotContain(SECRET);
    });
  }

  @Test
  void aFailureNamesTheCommandButNotThePassword() {
    RemoteShell failing = command -> new CommandResult(1, "", "chpasswd: line 1: user 'deploy' does not exist");

    assertThatThrownBy(() -> new LinuxPasswords(failing).set("deploy", SECRET.toCharArray()))
        .hasMessageContaining("chpasswd")
        .hasMessageNotContaining(SECRET);
  }
}
