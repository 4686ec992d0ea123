package io.ecslogon.operator.provider.alibabacloud;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.CommandTimedOutException;
import io.ecslogon.operator.host.HostException;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.SecretNotSentException;
import io.ecslogon.operator.host.ShellQuoting;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * The instance's shell through Cloud Assistant instead of SSH, for an instance whose SSH port
 * nobody can reach: each command is one RunCommand as root, its argv quoted word by word and its
 * input carried Base64-encoded inside the script (nothing in it is evaluated: the shell only
 * decodes it into the program's standard input). Cloud Assistant stores what it runs, so a command
 * whose input is a secret is refused ({@link SecretNotSentException}), and it returns stdout and
 * stderr as one text, so the script separates them with a marker only this run knows.
 */
public class CloudAssistantShell implements RemoteShell {
  private static final String TRANSPORT = "Cloud Assistant";

  private final CloudAssistant assistant;
  private final CloudCredentials credentials;
  private final String regionId;
  private final String instanceId;
  private final Duration timeout;

  public CloudAssistantShell(CloudAssistant assistant, CloudCredentials credentials, String regionId, String instanceId,
      Duration timeout) {
    this.assistant = assistant;
    this.credentials = credentials;
    this.regionId = regionId;
    this.instanceId = instanceId;
    this.timeout = timeout;
  }

  @Override
  public CommandResult run(Command command) {
    if (command.secretStdin()) {
      throw new SecretNotSentException(command, TRANSPORT);
    }
    String marker = "ecslogon-stderr-" + UUID.randomUUID();
    CloudAssistant.Invocation run;
    try {
      run = assistant.run(credentials, regionId, instanceId, "root", script(command, marker), timeout);
    } catch (CloudApiException e) {
      throw new HostException("'" + command + "' through " + TRANSPORT + ": " + e.getMessage(), e);
    }
    if ("Timeout".equals(run.status())) {
      throw new CommandTimedOutException(command, TRANSPORT + " " + instanceId, timeout);
    }
    if (run.exitCode() == null) {
      throw new HostException("'" + command + "' through " + TRANSPORT + " did not run: " + run.summary());
    }
    return result(run.exitCode().intValue(), run.output(), marker);
  }

  /**
   * stdout and stderr told apart by the marker line the script printed between them. No marker:
   * the output was cut (Cloud Assistant keeps 24 KB), and a cut answer is never taken for a whole one.
   */
  static CommandResult result(int exitCode, String output, String marker) {
    int split = output.lastIndexOf("\n" + marker + "\n");
    if (split < 0) {
      throw new HostException("the output through " + TRANSPORT + " is incomplete (it keeps 24 KB of a command's"
          + " output), so it was not used");
    }
    return new CommandResult(exitCode, output.substring(0, split), output.substring(split + marker.length() + 2));
  }

  /** The program's stdout, then a line with the marker, then its stderr; its exit code. */
  static String script(Command command, String marker) {
    String program = ShellQuoting.commandLine(command.argv());
    String run = command.stdin() == null
        ? program + " </dev/null 2>\"$err\"\n"
        : "base64 -d <<'" + marker + "' | " + program + " 2>\"$err\"\n"
            + Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(command.stdin()) + "\n" + marker + "\n";
    return "err=$(mktemp)\n"
        + "trap 'rm -f \"$err\"' EXIT\n"
        + run
        + "rc=$?\n"
        + "printf '\\n%s\\n' " + ShellQuoting.quote(marker) + "\n"
        + "cat \"$err\"\n"
        + "exit $rc\n";
  }
}
