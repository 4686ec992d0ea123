package io.ecslogon.operator.host;

import java.util.Objects;

/**
 * Where and as whom to log on to an instance, and which host key to expect.
 *
 * @param expectedHostKey SHA256 fingerprint the host must present, or {@code null} to trust the
 *     first key seen (the caller records it and passes it here from then on)
 */
public record SshTarget(String address, int port, String user, Credentials credentials, String expectedHostKey) {
  public SshTarget {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** The same target, expecting {@code fingerprint}: a check right after first use must meet the key just trusted. */
  public SshTarget expecting(String fingerprint) {
    return new SshTarget(address, port, user, credentials, fingerprint);
  }

  public boolean isRoot() {
    return "root".equals(user);
  }

  /** address:port, for messages. */
  public String endpoint() {
    return endpoint(address, port);
  }

  static String endpoint(String address, int port) {
    return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
  }
}
