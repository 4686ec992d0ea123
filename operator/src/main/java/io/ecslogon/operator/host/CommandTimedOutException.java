package io.ecslogon.operator.host;

import java.time.Duration;

/**
 * A command did not finish within its deadline. The connection that carried it was closed (which
 * ends the command's channel and wakes every reader), so the instance's lock is free again and the
 * next visit logs on afresh.
 */
public class CommandTimedOutException extends HostException {
  public static final String REASON = "CommandTimedOut";

  public CommandTimedOutException(Command command, String endpoint, Duration timeout) {
    super("'" + command + "' on " + endpoint + " did not finish within " + seconds(timeout)
        + "; it was abandoned and the connection closed");
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }
}
