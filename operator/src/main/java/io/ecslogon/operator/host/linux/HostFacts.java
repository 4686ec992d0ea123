package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.sshd.SshdFiles;
import java.util.List;
import java.util.Optional;

/**
 * What the operator reads from an instance on every visit.
 */
public record HostFacts(OsRelease osRelease, String bootId, List<Account> loginAccounts, SshdSettings sshd,
    String sshVersion, Optional<SshdFiles> sshdFiles) {
  public HostFacts {
    loginAccounts = List.copyOf(loginAccounts);
  }

  /** The same facts with sshd's settings as read again after a change. */
  public HostFacts withSshd(SshdSettings changed) {
    return new HostFacts(osRelease, bootId, loginAccounts, changed, sshVersion, sshdFiles);
  }
}
