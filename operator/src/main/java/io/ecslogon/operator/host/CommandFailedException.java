package io.ecslogon.operator.host;

/** A command ran but exited non-zero. Carries argv (never secret) and the output. */
public class CommandFailedException extends HostException {
  private final transient CommandResult result;

  public CommandFailedException(Command command, CommandResult result) {
    super("'" + command + "' exited " + result.exitCode() + errorSuffix(result));
    this.result = result;
  }

  private static String errorSuffix(CommandResult result) {
    String stderr = result.stderr().strip();
    if (stderr.isEmpty()) {
      return "";
    }
    return ": " + (stderr.length() > 300 ? stderr.substring(0, 300) + "..." : stderr);
  }

  public CommandResult result() {
    return result;
  }
}
