package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@link HostFacts} with read-only commands. */
public final class HostFactsReader {
  static final Command OS_RELEASE = Command.of("cat", "/etc/os-release");
  static final Command BOOT_ID = Command.of("cat", "/proc/sys/kernel/random/boot_id");
  static final Command PASSWD = Command.of("getent", "passwd");
  static final Command SHELLS = Command.of("cat", "/etc/shells");
  // sshd -T needs root (it reads the host keys); RemoteShell runs it through sudo for non-root admins.
  static final Command SSHD_EFFECTIVE = Command.of("sshd", "-T");
  // sshd has no --version; -V prints the version on stderr and exits (OpenSSH 9.x and later).
  static final Command SSHD_VERSION = Command.of("sshd", "-V");

  private HostFactsReader() {}

  public static HostFacts read(RemoteShell shell) {
    OsRelease osRelease = OsRelease.parse(shell.run(OS_RELEASE).orThrow(OS_RELEASE).stdout());
    String bootId = bootId(shell);
    Set<String> shells = validShells(shell.run(SHELLS).orThrow(SHELLS).stdout());
    List<Account> loginAccounts = Account.parsePasswd(shell.run(PASSWD).orThrow(PASSWD).stdout()).stream()
        .filter(account -> account.hasLoginShell(shells))
        .toList();
    SshdSettings sshd = readSshd(shell);
    String version = firstLine(shell.run(SSHD_VERSION).stderr());
    return new HostFacts(osRelease, bootId, loginAccounts, sshd, version);
  }

  /** The kernel's boot ID: new at every boot, which is how restarts are confirmed. */
  public static String bootId(RemoteShell shell) {
    return shell.run(BOOT_ID).orThrow(BOOT_ID).stdout().strip();
  }

  /**
   * sshd -T fails when the configuration on disk is broken or host keys are missing; the running
   * sshd still serves, so that is reported as a fact about sshd, not as an unreadable instance.
   */
  public static SshdSettings readSshd(RemoteShell shell) {
    CommandResult result = shell.run(SSHD_EFFECTIVE);
    if (!result.succeeded()) {
      String said = result.stderr().strip();
      return SshdSettings.unreadable("sshd -T failed: " + (said.isEmpty() ? "exit " + result.exitCode()
          : firstLine(said)));
    }
    return SshdSettings.parse(result.stdout());
  }

  private static Set<String> validShells(String etcShells) {
    Set<String> shells = new HashSet<>();
    Arrays.stream(etcShells.split("\n"))
        .map(String::strip)
        .filter(line -> line.startsWith("/"))
        .forEach(shells::add);
    return shells;
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
