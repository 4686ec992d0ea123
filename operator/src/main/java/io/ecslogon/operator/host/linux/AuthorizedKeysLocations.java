package io.ecslogon.operator.host.linux;

import java.util.Arrays;

/**
 * Whether sshd's AuthorizedKeysFile (as {@code sshd -T -C user=...} prints it for one user) makes
 * sshd read the file the operator writes, {@code ~/.ssh/authorized_keys}. Keys written where sshd
 * does not look would leave a user reported Ready who cannot log on.
 */
public final class AuthorizedKeysLocations {
  private AuthorizedKeysLocations() {}

  /** {@code home} is the user's home directory (the one useradd will give a user not created yet). */
  public static boolean readsOperatorFile(String authorizedKeysFile, String username, String home) {
    String ours = home.replaceAll("/+$", "") + "/.ssh/authorized_keys";
    return Arrays.stream(authorizedKeysFile.strip().split("\\s+"))
        .map(token -> expand(token, username, home))
        .anyMatch(ours::equals);
  }

  private static String expand(String token, String username, String home) {
    String expanded = token.replace("%%", "\u0000").replace("%h", home).replace("%u", username)
        .replace("\u0000", "%");
    if (expanded.startsWith("~/")) {
      expanded = home + expanded.substring(1);
    }
    // sshd takes a relative path from the user's home directory.
    return (expanded.startsWith("/") ? expanded : home + "/" + expanded).replaceAll("/+", "/");
  }
}
