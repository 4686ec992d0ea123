package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.RemoteShell;

/**
 * Restarts an instance the way its init system wants (systemctl reboot under systemd, reboot
 * elsewhere), one second after the command returns: the reboot runs detached, so the SSH session
 * that asked for it ends normally instead of being cut off mid-command, and nothing mistakes the
 * dropped connection for a failure to retry.
 */
public final class Reboot {
  static final String SCHEDULE = """
      if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then how="systemctl reboot"; else how=reboot; fi
      setsid nohup sh -c "sleep 1; exec $how" >/dev/null 2>&1 < /dev/null &
      echo "$how"
      """;
  static final Command COMMAND = Command.of("sh", "-c", SCHEDULE);

  private Reboot() {}

  /** Schedules the reboot; returns the command that will run ("systemctl reboot" or "reboot"). */
  public static String schedule(RemoteShell shell) {
    return shell.run(COMMAND).orThrow(COMMAND).stdout().strip();
  }
}
