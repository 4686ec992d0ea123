package io.ecslogon.operator.keypair.material;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The SSH wire encoding (RFC 4251 section 5): uint32, length-prefixed strings and mpints. */
final class SshWire {
  private SshWire() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer uint32(int value) {
      out.write(value >>> 24);
      out.write(value >>> 16);
      out.write(value >>> 8);
      out.write(value);
      return this;
    }

    Writer string(byte[] value) {
      uint32(value.length);
      out.writeBytes(value);
      return this;
    }

    Writer string(String value) {
      return string(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Two's complement, big-endian, minimal: exactly what BigInteger.toByteArray gives. */
    Writer mpint(BigInteger value) {
      return string(value.signum() == 0 ? new byte[0] : value.toByteArray());
    }

    Writer raw(byte[] value) {
      out.writeBytes(value);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** Reads what {@link Writer} writes; every read checks bounds, so hostile input cannot overrun. */
  static final class Reader {
    private final ByteBuffer buffer;

    Reader(byte[] data) {
      this.buffer = ByteBuffer.wrap(data);
    }

    byte[] string() {
      if (buffer.remaining() < 4) {
        throw new IllegalArgumentException("truncated key data");
      }
      int length = buffer.getInt();
      if (length < 0 || length > buffer.remaining()) {
        throw new IllegalArgumentException("truncated key data");
      }
      byte[] value = new byte[length];
      buffer.get(value);
      return value;
    }

    String text() {
      return new String(string(), StandardCharsets.US_ASCII);
    }

    BigInteger mpint() {
      byte[] value = string();
      return value.length == 0 ? BigInteger.ZERO : new BigInteger(value);
    }

    boolean atEnd() {
      return !buffer.hasRemaining();
    }
  }
}
