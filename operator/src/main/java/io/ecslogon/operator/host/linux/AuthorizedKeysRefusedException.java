package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.HostException;

/**
 * A user's authorized_keys was not read, so nothing was written to it: a symlink, something other
 * than a regular file (a FIFO or device would block the reader forever), a file larger than
 * {@link AuthorizedKeysFile#MAX_BYTES}, or one the user cannot read. Treating any of these as an
 * empty file would let a Merge write drop the lines it could not see.
 */
public class AuthorizedKeysRefusedException extends HostException {
  public static final String REASON = "AuthorizedKeysRefused";

  public AuthorizedKeysRefusedException(String username, String why) {
    super("user " + username + ": " + why + "; nothing was changed");
  }
}
