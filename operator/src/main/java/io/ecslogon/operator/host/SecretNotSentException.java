package io.ecslogon.operator.host;

/**
 * A command whose input is a secret, refused by a transport that would store it: Cloud Assistant
 * keeps the text of every command it runs and shows it in DescribeInvocations.
 */
public class SecretNotSentException extends HostException {
  public static final String REASON = "SecretNeedsSsh";

  public SecretNotSentException(Command command, String transport) {
    super("'" + command + "' needs a secret on its input, which " + transport + " would store; it is sent only over"
        + " SSH, and this instance is not reachable over SSH");
  }
}
