package io.ecslogon.operator.host.sshd;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.util.Optional;

/**
 * The sshd service of one instance, found rather than assumed: Debian and Ubuntu call it ssh,
 * RHEL, Alibaba Cloud Linux and Alpine sshd; it runs under systemd, or under an init script (SysV,
 * OpenRC, containers). Reload (SIGHUP: sshd re-reads its files, open sessions stay) is tried
 * first; restart only when reload is not possible.
 */
public record SshdService(Manager manager, String unit) {
  public enum Manager { SYSTEMD, INIT_SCRIPT }

  private static final String DETECT = """
      if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
        for unit in ssh sshd; do
          if systemctl cat "$unit.service" >/dev/null 2>&1; then echo "SYSTEMD $unit"; exit 0; fi
        done
      fi
      for unit in ssh sshd; do
        if [ -x "/etc/init.d/$unit" ]; then echo "INIT_SCRIPT $unit"; exit 0; fi
      done
      exit 3
      """;

  public static Optional<SshdService> detect(RemoteShell shell) {
    CommandResult result = shell.run(Command.of("sh", "-c", DETECT));
    if (!result.succeeded()) {
      return Optional.empty();
    }
    String[] words = result.stdout().strip().split(" ");
    return Optional.of(new SshdService(Manager.valueOf(words[0]), words[1]));
  }

  /** How sshd took the change ("reloaded" or "restarted"); empty when neither worked. */
  public Optional<String> reload(RemoteShell shell) {
    if (shell.run(command("reload")).succeeded()) {
      return Optional.of("reloaded");
    }
    if (shell.run(command("restart")).succeeded()) {
      return Optional.of("restarted (reload failed)");
    }
    return Optional.empty();
  }

  Command command(String action) {
    return manager == Manager.SYSTEMD
        ? Command.of("systemctl", action, unit + ".service")
        : Command.of("/etc/init.d/" + unit, action);
  }

  @Override
  public String toString() {
    return manager == Manager.SYSTEMD ? "systemd unit " + unit + ".service" : "init script /etc/init.d/" + unit;
  }
}
