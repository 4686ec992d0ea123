package io.ecslogon.operator.host;

/**
 * A command wrote more than the operator reads from one command. Reading stopped at the limit, the
 * connection that carried it was closed, and nothing of the output was used.
 */
public class OutputTooLargeException extends HostException {
  public static final String REASON = "OutputTooLarge";

  public OutputTooLargeException(Command command, String endpoint, String stream, int limit) {
    super("'" + command + "' on " + endpoint + " wrote more than " + limit + " bytes to " + stream
        + ", the most the operator reads from one command; the output was not used");
  }
}
