package io.ecslogon.operator.host;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's account of one connection's key exchange, from sshd's log at LogLevel DEBUG2 or
 * more (OpenSSH 9.2's wording): what the client offered, and what was agreed. The witness that does
 * not rely on the client under test telling the truth about itself.
 */
record SshdKexLog(String log) {
  /** The client's list for one family as sshd read it ("KEX algorithms", "ciphers ctos", "MACs ctos"...). */
  List<String> clientOffered(String family) {
    int proposal = log.indexOf("peer client KEXINIT proposal");
    if (proposal < 0) {
      throw new AssertionError("sshd logged no client proposal (LogLevel below DEBUG2?):\n" + log);
    }
    Matcher line = Pattern.compile("debug2: " + Pattern.quote(family) + ": (\\S*)").matcher(log);
    if (!line.find(proposal)) {
      throw new AssertionError("no '" + family + "' in the client's proposal:\n" + log);
    }
    return Arrays.asList(line.group(1).split(","));
  }

  Optional<String> agreedKeyExchange() {
    return first("kex: algorithm: (\\S+)");
  }

  Optional<String> agreedHostKey() {
    return first("kex: host key algorithm: (\\S+)");
  }

  Optional<String> agreedCipher() {
    return first("kex: client->server cipher: (\\S+)");
  }

  /** "<implicit>" with an AEAD cipher. */
  Optional<String> agreedMac() {
    return first("kex: client->server cipher: \\S+ MAC: (\\S+)");
  }

  /**
   * sshd decided on strict key exchange, and then restarted its sequence numbers after NEWKEYS as
   * it demands: from there on, a client that had not done the same could not have sent one packet
   * whose MAC sshd accepts.
   */
  boolean strictKeyExchange() {
    return log.contains("will use strict KEX ordering") && log.contains("resetting read seqnr")
        && log.contains("resetting send seqnr");
  }

  /** sshd's own "Unable to negotiate ... no matching X found. Their offer: ..." line, if any. */
  Optional<String> negotiationFailure() {
    return first("(Unable to negotiate with .*)");
  }

  private Optional<String> first(String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(log);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
