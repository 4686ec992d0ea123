package io.ecslogon.operator.host;

/**
 * The instance's address or port is outside {@link AllowedDestinations}; no socket was opened. The
 * message names only what the author wrote and the setting, never what a name resolved to, so
 * status cannot be used to map the operator's network.
 */
public class AddressNotAllowedException extends HostException {
  public static final String REASON = "AddressNotAllowed";

  AddressNotAllowedException(String message) {
    super(message);
  }
}
