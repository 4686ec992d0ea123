package io.ecslogon.operator.host;

/** The instance presented a host key other than the trusted one; nothing was authenticated. */
public class HostKeyMismatchException extends HostException {
  private final String expected;
  private final String presented;

  public HostKeyMismatchException(String endpoint, String expected, String presented) {
    super("host " + endpoint + " presented host key " + presented + " but " + expected
        + " is trusted; the connection was closed before authenticating");
    this.expected = expected;
    this.presented = presented;
  }

  public String expected() {
    return expected;
  }

  public String presented() {
    return presented;
  }
}
