package io.ecslogon.operator.compliance;

import io.ecslogon.operator.testing.sandbox.Sandbox;

/**
 * A sandbox's /etc is a copy of this machine's, so it brings this machine's accounts along: the
 * compliance tests start from every password locked and treat those accounts as the image's own.
 */
final class ImageAccounts {
  private ImageAccounts() {}

  static void lockEveryPassword(Sandbox sandbox) {
    sandbox.sh("for u in $(awk -F: '$2 !~ /^[!*]/ {print $1}' /etc/shadow); do passwd -q -l \"$u\" >/dev/null; done")
        .orThrow("lock every password");
  }

  /** Every account but root an audit looks at (shell in /etc/shells, or a uid in 1000..60000), comma-separated. */
  static String allowedUsers(Sandbox sandbox) {
    return sandbox.sh("awk -F: 'NR == FNR { if ($0 ~ /^\\//) shells[$0] = 1; next }"
        + " $1 != \"root\" && (($7 in shells) || ($3 >= 1000 && $3 <= 60000)) {printf \"%s%s\", sep, $1; sep = \",\"}'"
        + " /etc/shells /etc/passwd").orThrow("accounts").stdout().strip();
  }
}
