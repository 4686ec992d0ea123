package io.ecslogon.operator.host;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSH server offers, for one family, only algorithms {@link SshAlgorithmPolicy} leaves out: the
 * connection ended during key exchange, before a host key was trusted or a credential offered.
 * Its sshd must change, so asking again soon would not help; and neither would a restart.
 */
public class AlgorithmsRefusedException extends HostException {
  public static final String REASON = "AlgorithmsRefused";

  /** How sshj (0.40) words it; AlgorithmsRefusedTest and SshAlgorithmPolicyIT notice if that changes. */
  private static final Pattern SSHJ_NO_SETTLEMENT =
      Pattern.compile("Unable to reach a settlement of (\\w+): \\[[^\\]]*\\] and \\[([^\\]]*)\\]");
  private static final Map<String, String> FAMILIES = Map.of(
      "KeyExchangeAlgorithms", "key exchange",
      "HostKeyAlgorithms", "host key",
      "Client2ServerCipherAlgorithms", "cipher",
      "Server2ClientCipherAlgorithms", "cipher",
      "Client2ServerMACAlgorithms", "MAC",
      "Server2ClientMACAlgorithms", "MAC",
      "Client2ServerCompressionAlgorithms", "compression",
      "Server2ClientCompressionAlgorithms", "compression");

  /** A server chooses what it offers: enough to act on, not a status message of any length. */
  private static final int MAX_OFFER_SHOWN = 300;

  private final String family;

  private AlgorithmsRefusedException(String endpoint, String family, String offered) {
    super("the SSH server at " + endpoint + " offers no " + family + " algorithm the operator accepts (it offers "
        + (offered.length() > MAX_OFFER_SHOWN ? offered.substring(0, MAX_OFFER_SHOWN) + "..." : offered) + "); nothing was authenticated. Allow one of the operator's (docs/design.md, \"What the"
        + " operator's SSH client offers\") in the instance's sshd_config");
    this.family = family;
  }

  /**
   * The refusal {@code failure} (anywhere in its causes) reports, if it is one; the algorithm names
   * in it are the server's public offer, never a secret.
   */
  static Optional<AlgorithmsRefusedException> from(String endpoint, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Matcher matcher = cause.getMessage() == null ? null : SSHJ_NO_SETTLEMENT.matcher(cause.getMessage());
      if (matcher != null && matcher.find()) {
        String family = FAMILIES.getOrDefault(matcher.group(1), matcher.group(1));
        return Optional.of(new AlgorithmsRefusedException(endpoint, family, matcher.group(2)));
      }
    }
    return Optional.empty();
  }

  /** "key exchange", "host key", "cipher", "MAC" or "compression". */
  public String family() {
    return family;
  }
}
