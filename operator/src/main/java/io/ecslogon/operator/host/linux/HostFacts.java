package io.ecslogon.operator.host.linux;

import java.util.List;

/** What the operator reads from an instance on every visit. */
public record HostFacts(OsRelease osRelease, String bootId, List<Account> loginAccounts, SshdSettings sshd,
    String sshVersion) {
  public HostFacts {
    loginAccounts = List.copyOf(loginAccounts);
  }
}
