package io.ecslogon.operator.host;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A program and its arguments, run on an instance without a shell interpreting any of them, plus
 * optional bytes for its standard input. Secrets belong in {@code stdin}, never in {@code argv}:
 * argv is visible to every user of the instance through {@code /proc}. {@code secretStdin} says
 * that the input is a secret, so that a transport that would store it (Cloud Assistant keeps every
 * command's text) refuses to carry it.
 */
public record Command(List<String> argv, byte[] stdin, boolean secretStdin) {
  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    stdin = stdin == null ? null : stdin.clone();
  }

  public static Command of(String... argv) {
    return new Command(Arrays.asList(argv), null, false);
  }

  /** The same command, with these bytes written to its standard input (then closed). */
  public Command withStdin(byte[] input) {
    return new Command(argv, Objects.requireNonNull(input), false);
  }

  /** As {@link #withStdin}, for input that is a secret (a password): never carried where it would be stored. */
  public Command withSecretStdin(byte[] input) {
    return new Command(argv, Objects.requireNonNull(input), true);
  }

  /**
   * The command line for logs and messages: argv only (never secret), with long arguments such
   * as fixed helper scripts shortened to one line so a message (or a condition) stays readable.
   */
  @Override
  public String toString() {
    return argv.stream()
        .map(Command::shortened)
        .collect(java.util.stream.Collectors.joining(" "));
  }

  private static String shortened(String arg) {
    if (arg.length() <= 40) {
      return arg;
    }
    String oneLine = arg.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 40 ? oneLine.substring(0, 37) + "..." : oneLine;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Command that && argv.equals(that.argv) && Arrays.equals(stdin, that.stdin)
        && secretStdin == that.secretStdin;
  }

  @Override
  public int hashCode() {
    return 31 * argv.hashCode() + Arrays.hashCode(stdin);
  }
}
