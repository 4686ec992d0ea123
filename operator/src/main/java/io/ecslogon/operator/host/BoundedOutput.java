package io.ecslogon.operator.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A stream read to its end, or to a limit, whichever comes first: the buffer never grows past the
 * limit however much the other side sends, so a command's output cannot exhaust the heap.
 *
 * @param bytes what was read: everything, or the first {@code limit} bytes when it overflowed (not
 *     copied: up to a few MiB, handed on once)
 * @param overflowed more than the limit arrived; the rest was left unread
 */
public record BoundedOutput(byte[] bytes, boolean overflowed) {
  private static final int CHUNK = 8192;

  /** Reads {@code in} until its end or until more than {@code limit} bytes arrived. */
  public static BoundedOutput read(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(limit, CHUNK));
    byte[] chunk = new byte[CHUNK];
    int n;
    while ((n = in.read(chunk)) != -1) {
      int room = limit - kept.size();
      if (n > room) {
        kept.write(chunk, 0, room);
        return new BoundedOutput(kept.toByteArray(), true);
      }
      kept.write(chunk, 0, n);
    }
    return new BoundedOutput(kept.toByteArray(), false);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BoundedOutput that && overflowed == that.overflowed && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + Boolean.hashCode(overflowed);
  }

  @Override
  public String toString() {
    return "BoundedOutput[" + bytes.length + " bytes" + (overflowed ? ", overflowed" : "") + "]";
  }
}
