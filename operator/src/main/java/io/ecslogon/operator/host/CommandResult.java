package io.ecslogon.operator.host;

/** What a command left behind: its exit status and its output, decoded as UTF-8. */
public record CommandResult(int exitCode, String stdout, String stderr) {
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** This result, or a {@link CommandFailedException} naming the command if it did not succeed. */
  public CommandResult orThrow(Command command) {
    if (!succeeded()) {
      throw new CommandFailedException(command, this);
    }
    return this;
  }
}
