package io.ecslogon.operator.testing.sandbox;

/** What a command run inside a sandbox (or the sandbox script itself) left behind. */
public record ExecResult(int exitCode, String stdout, String stderr) {
  public ExecResult orThrow(String what) {
    if (exitCode != 0) {
      throw new IllegalStateException(what + " exited " + exitCode + ": " + stderr.strip() + " " + stdout.strip());
    }
    return this;
  }
}
