package io.ecslogon.operator.secrets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Secret values decoded as UTF-8, refusing invalid bytes. The lenient decoder of
 * {@code new String(bytes, UTF_8)} turns them into U+FFFD, so an instance would be given another
 * password than the one the Secret holds, and nobody could log on with either.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** The characters, or empty when {@code bytes} are not valid UTF-8. Wipes {@code bytes} either way. */
  public static Optional<char[]> decode(byte[] bytes) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] value = new char[chars.remaining()];
      chars.get(value);
      Arrays.fill(chars.array(), '\0');
      return Optional.of(value);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
