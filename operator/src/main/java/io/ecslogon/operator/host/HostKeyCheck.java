package io.ecslogon.operator.host;

import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Accepts the host key only if it matches the expected fingerprint, or, when none is expected,
 * the first one seen (trust on first use). Either way it remembers what the host presented, so a
 * refusal can say which key was offered and a first use can be recorded.
 *
 * <p>sshj asks this verifier during key exchange, before any authentication method is tried: a
 * refused key therefore never reveals credentials to the impostor.
 */
final class HostKeyCheck implements HostKeyVerifier {
  private final String expected;
  private volatile String presented;

  HostKeyCheck(String expectedFingerprint) {
    this.expected = expectedFingerprint;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    presented = HostKeyFingerprint.sha256(key);
    return expected == null || expected.equals(presented);
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return List.of();
  }

  String presented() {
    return presented;
  }

  boolean refused() {
    return presented != null && expected != null && !expected.equals(presented);
  }

  String expected() {
    return expected;
  }
}
