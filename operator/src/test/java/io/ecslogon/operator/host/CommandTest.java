package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandTest {
  @Test
  void printsArgvShortenedAndNeverStdin() {
    Command command = Command.of("sh", "-c", "x".repeat(100), "sh", "/home/u")
        .withStdin("user:secret".getBytes(StandardCharsets.UTF_8));
    assertThat(command.toString()).isEqualTo("sh -c " + "x".repeat(37) + "... sh /home/u");
    assertThat(command.toString()).doesNotContain("secret");
  }

  @Test
  void aShortenedScriptStaysOnOneLine() {
    Command command = Command.of("sh", "-c", "\n  first line;\n  second line;\n  and a third one too\n", "sh");
    assertThat(command.toString()).isEqualTo("sh -c first line; second line; and a third ... sh");
  }

  @Test
  void needsAProgram() {
    assertThatThrownBy(() -> Command.of()).isInstanceOf(IllegalArgumentException.class);
  }
}
