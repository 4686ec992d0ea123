package io.ecslogon.operator.hostile;

import io.ecslogon.operator.testing.sandbox.Sandbox;

/**
 * The files no hostile case may change, hashed: accounts, passwords, sudo rules, sshd's
 * configuration and root's keys (what the lock-out guard protects).
 */
final class ProtectedFiles {
  private static final String FILES = "/etc/passwd /etc/shadow /etc/group /etc/sudoers /etc/sudoers.d"
      + " /etc/ssh/sshd_config /etc/ssh/sshd_config.d /root/.ssh";

  private ProtectedFiles() {}

  /** One "sha256  path" line per file, sorted, so two calls compare as strings. */
  static String hashes(Sandbox sandbox) {
    return sandbox.sh("find " + FILES + " -type f -exec sha256sum {} + | sort -k 2").orThrow("hash protected files")
        .stdout();
  }
}
