package io.ecslogon.operator.testing.leaks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox file is read to its end, however long, and a secret across a cut is whole in one part. */
class SandboxPlacesTest {
  private static final int PART = 16 << 20;

  @TempDir
  Path dir;

  @Test
  void aLongFileIsReadToItsEndAndASecretAcrossACutIsWholeInOnePart() throws IOException {
    String secret = "argv-secret-0123456789abcdef";
    byte[] text = new byte[PART * 2 + 1000];
    Arrays.fill(text, (byte) 'x');
    byte[] secretBytes = secret.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(secretBytes, 0, text, PART - 10, secretBytes.length); // across the first cut
    byte[] tail = "the-last-line".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(tail, 0, text, text.length - tail.length, tail.length);
    Path file = Files.write(dir.resolve("argvs.txt"), text);

    List<String> parts = SandboxPlaces.readInParts(file);

    assertThat(parts).hasSize(3);
    assertThat(parts).anyMatch(part -> part.contains(secret));
    assertThat(parts.get(parts.size() - 1)).endsWith("the-last-line");
  }

  @Test
  void anEmptyOrShortFileIsOnePart() throws IOException {
    assertThat(SandboxPlaces.readInParts(Files.writeString(dir.resolve("empty"), ""))).containsExactly("");
    assertThat(SandboxPlaces.readInParts(Files.writeString(dir.resolve("short"), "one line\n")))
        .containsExactly("one line\n");
  }
}
