package io.ecslogon.operator.host.linux;

import io.ecslogon.operator.host.Command;
import io.ecslogon.operator.host.CommandResult;
import io.ecslogon.operator.host.RemoteShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accounts on an instance, through the instance's own useradd/usermod/userdel. Accounts the
 * operator creates carry {@link #MARKER} in their GECOS field: that is how it later tells its
 * own users from ones it would have to adopt.
 */
public final class LinuxUsers {
  public static final String MARKER = "managed by ecs-logon-operator";

  private final RemoteShell shell;

  public LinuxUsers(RemoteShell shell) {
    this.shell = shell;
  }

  /** The account's passwd entry, if it exists. */
  public Optional<PasswdEntry> find(String username) {
    CommandResult result = shell.run(Command.of("getent", "passwd", username));
    if (result.exitCode() == 2) {
      return Optional.empty();
    }
    result.orThrow(Command.of("getent", "passwd", username));
    return PasswdEntry.parse(result.stdout().strip());
  }

  /** An executable regular file (after symlinks): {@code test -x} alone also accepts a directory. */
  public boolean shellExists(String path) {
    return shell.run(Command.of("test", "-f", path, "-a", "-x", path)).succeeded();
  }

  /** Whether {@code path} is a line of the instance's /etc/shells (what "a login shell" means). */
  public boolean listedInEtcShells(String path) {
    return shell.run(Command.of("grep", "-qxF", "--", path, "/etc/shells")).succeeded();
  }

  /** A regular file that may be executed: {@code test -x} alone also passes for a directory. */
  public boolean isRegularExecutable(String path) {
    return shell.run(Command.of("sh", "-c", "[ -f \"$1\" ] && [ -x \"$1\" ]", "sh", path)).succeeded();
  }

  public List<String> missingGroups(List<String> groups) {
    List<String> missing = new ArrayList<>();
    for (String group : groups) {
      if (!shell.run(Command.of("getent", "group", group)).succeeded()) {
        missing.add(group);
      }
    }
    return missing;
  }

  public void create(String username, String loginShell, List<String> groups) {
    List<String> argv = new ArrayList<>(List.of("useradd", "--create-home", "--comment", MARKER));
    if (loginShell != null) {
      argv.addAll(List.of("--shell", loginShell));
    }
    if (!groups.isEmpty()) {
      argv.addAll(List.of("--groups", String.join(",", groups)));
    }
    argv.add(username);
    run(argv);
  }

  /** Brings shell and supplementary groups to what is declared (only what is declared). */
  public void update(String username, String loginShell, List<String> groups) {
    List<String> argv = new ArrayList<>(List.of("usermod"));
    if (loginShell != null) {
      argv.addAll(List.of("--shell", loginShell));
    }
    if (!groups.isEmpty()) {
      argv.addAll(List.of("--append", "--groups", String.join(",", groups)));
    }
    if (argv.size() > 1) {
      argv.add(username);
      run(argv);
    }
  }

  /** Removes the account and its home directory. */
  public void delete(String username) {
    run(List.of("userdel", "--remove", username));
  }

  /** Supplementary groups the user is in. */
  public List<String> groupsOf(String username) {
    String out = run(List.of("id", "-Gn", username)).stdout().strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
  }

  private CommandResult run(List<String> argv) {
    Command command = new Command(argv, null);
    return shell.run(command).orThrow(command);
  }

  /** One passwd line: name, uid, gid, GECOS, home, shell. */
  public record PasswdEntry(String name, long uid, long gid, String gecos, String home, String shell) {
    public static Optional<PasswdEntry> parse(String line) {
      String[] f = line.split(":", -1);
      if (f.length != 7) {
        return Optional.empty();
      }
      return Optional.of(new PasswdEntry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]));
    }

    public boolean createdByOperator() {
      return gecos.contains(MARKER);
    }
  }
}
