package io.ecslogon.operator.host;

import java.util.List;
import java.util.stream.Collectors;

/**
 * SSH hands the remote side one string that the user's login shell parses. Every argument is
 * therefore wrapped in single quotes, inside which a POSIX shell treats every character
 * literally; an embedded single quote closes the quote, adds an escaped quote and reopens it.
 * No argument can start a new command, expand a variable or redirect anything.
 */
public final class ShellQuoting {
  private ShellQuoting() {}

  public static String quote(String argument) {
    if (argument.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an argument cannot contain a NUL byte");
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  public static String commandLine(List<String> argv) {
    return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }
}
