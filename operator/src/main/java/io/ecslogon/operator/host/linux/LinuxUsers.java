package io.ecslogon.operator.host.linux;

import java.util.Optional;

/**
 * Accounts on an instance as the operator reads them. Accounts the operator creates (useradd in
 * convergence/apply-users.sh) carry {@link #MARKER} in their GECOS field: that is how it later
 * tells its own users from ones it would have to adopt.
 */
public final class LinuxUsers {
  public static final String MARKER = "managed by ecs-logon-operator";

  private LinuxUsers() {}

  /** One passwd line: name, uid, gid, GECOS, home, shell. */
  public record PasswdEntry(String name, long uid, long gid, String gecos, String home, String shell) {
    public static Optional<PasswdEntry> parse(String line) {
      String[] f = line.split(":", -1);
      if (f.length != 7) {
        return Optional.empty();
      }
      return Optional.of(new PasswdEntry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]));
    }

    /**
     * Whether the GECOS full name, its first comma-separated field, is the marker. Not "contains":
     * a user may rewrite the other fields of their own entry (chfn -r/-w/-h, which login.defs'
     * CHFN_RESTRICT "rwh", Debian's default, allows, unlike the full name), and a marker put into
     * the room number would make their account look like the operator's, so that a LogonUser for
     * that name would take it over (sudo, keys) without spec.adopt.
     */
    public boolean createdByOperator() {
      int comma = gecos.indexOf(',');
      return (comma < 0 ? gecos : gecos.substring(0, comma)).equals(MARKER);
    }
  }
}
