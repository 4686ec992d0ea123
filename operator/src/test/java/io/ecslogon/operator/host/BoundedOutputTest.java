package io.ecslogon.operator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {
  @Test
  void readsEverythingUpToTheLimit() throws Exception {
    BoundedOutput read = BoundedOutput.read(new ByteArrayInputStream(bytes(100)), 100);

    assertThat(read.overflowed()).isFalse();
    assertThat(read.bytes()).isEqualTo(bytes(100));
  }

  @Test
  void oneByteMoreThanTheLimitOverflowsAndKeepsOnlyTheLimit() throws Exception {
    BoundedOutput read = BoundedOutput.read(new ByteArrayInputStream(bytes(101)), 100);

    assertThat(read.overflowed()).isTrue();
    assertThat(read.bytes()).isEqualTo(bytes(100));
  }

  @Test
  void anEmptyStreamIsEmpty() throws Exception {
    assertThat(BoundedOutput.read(InputStream.nullInputStream(), 10)).isEqualTo(new BoundedOutput(new byte[0], false));
  }

  @Test
  void anEndlessStreamStopsBeingReadSoonAfterTheLimit() throws Exception {
    Endless endless = new Endless();

    BoundedOutput read = BoundedOutput.read(endless, 1 << 20);

    assertThat(read.overflowed()).isTrue();
    assertThat(read.bytes()).hasSize(1 << 20);
    assertThat(endless.served).as("read no further than one chunk past the limit").isLessThanOrEqualTo((1 << 20) + 8192);
  }

  private static byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    Arrays.fill(bytes, (byte) 'k');
    return bytes;
  }

  /** What `cat` of a 2 GiB sparse file, or of /dev/zero, looks like from here. */
  private static final class Endless extends InputStream {
    long served;

    @Override
    public int read() {
      served++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      served += len;
      return len;
    }
  }
}
