package io.ecslogon.operator.convergence;

import io.ecslogon.operator.host.linux.LinuxUsers.PasswdEntry;
import io.ecslogon.operator.host.linux.SshdSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the observe script saw on an instance: the inventory, whether sudo reads
 * /etc/sudoers.d, the shells and groups asked about, and for each user asked about (and each
 * the inventory names) its account, its operator sudo rule, its effective sshd settings and every
 * key file sshd reads for it.
 */
public record ObservedInstance(Inventory inventory, boolean sudoersIncludesDropIns, Map<String, Shell> shells,
    Map<String, Boolean> groups, Map<String, User> users, Optional<AuditScope> audit) {
  static final String MARKER = "@@ecslogon-users ";

  record Shell(boolean regularExecutable, boolean listedInEtcShells) {}

  public enum KeyFileState { READ, ABSENT, REFUSED, ERROR }

  /** One file sshd reads keys from for a user: its content when read, otherwise why not. */
  public record KeyFile(String path, KeyFileState state, String content, String message) {}

  /** Which accounts a compliance audit looked at, and login.defs' range of user IDs. */
  public record AuditScope(List<String> accounts, long uidMin, long uidMax) {}

  /** A path's permission bits (octal, as stat prints them) and owner uid. */
  public record PathMode(String path, int mode, long ownerUid) {
    public boolean writableByOthers() {
      return (mode & 0022) != 0;
    }
  }

  /**
   * For an audit only: the password's state in /etc/shadow (set, locked, empty, none or
   * unreadable; never the hash), the modes of the home directory, ~/.ssh and each key file, and
   * the shell history files that are not empty with their sizes.
   */
  public record AuditedFacts(String passwordState, List<PathMode> modes, Map<String, Long> histories) {}

  /**
   * @param sshd this user's effective settings ({@code sshd -T -C user=...}), or unreadable
   * @param sudoRule the content of the operator's sudoers drop-in for the user, or null
   * @param audited what an audit adds, when one was asked for
   * @param homeMissing the account exists but its home directory does not (not even as a link)
   */
  public record User(Optional<PasswdEntry> passwd, List<String> groups, String sudoRule, SshdSettings sshd,
      List<KeyFile> keyFiles, Optional<AuditedFacts> audited, boolean homeMissing) {
    String home(String username) {
      return passwd.map(PasswdEntry::home).orElse("/home/" + username);
    }

    Optional<KeyFile> keyFile(String path) {
      return keyFiles.stream().filter(file -> file.path().equals(path)).findFirst();
    }
  }

  /** What was seen of {@code username}, if it was looked at. */
  public Optional<User> seen(String username) {
    return Optional.ofNullable(users.get(username));
  }

  User user(String username) {
    User user = users.get(username);
    if (user == null) {
      throw new IllegalStateException("the observe script did not report user " + username);
    }
    return user;
  }

  /** The owners the inventory names for users it recorded through {@code instance}. */
  public Set<String> inventoryOwners(String instance) {
    Set<String> owners = new LinkedHashSet<>();
    inventory.recordedBy(instance).forEach(entry -> owners.add(entry.owner()));
    return owners;
  }

  public static ObservedInstance parse(String output) {
    Inventory inventory = Inventory.empty();
    boolean includes = false;
    Map<String, Shell> shells = new HashMap<>();
    Map<String, Boolean> groups = new HashMap<>();
    Map<String, User> users = new HashMap<>();
    AuditScope audit = null;
    for (Map.Entry<String, List<String>> section : sections(output).entrySet()) {
      String name = section.getKey();
      List<String> lines = section.getValue();
      if (name.equals("inventory")) {
        inventory = lines.isEmpty() ? Inventory.empty() : Inventory.parse(decode(lines.get(0)));
      } else if (name.equals("sudoers-includedir")) {
        includes = lines.contains("yes");
      } else if (name.startsWith("shell ")) {
        shells.put(name.substring(6), new Shell(lines.contains("executable"), lines.contains("listed")));
      } else if (name.startsWith("group ")) {
        groups.put(name.substring(6), lines.contains("present"));
      } else if (name.startsWith("user ")) {
        users.put(name.substring(5), user(lines));
      } else if (name.equals("audit")) {
        audit = auditScope(lines);
      }
    }
    return new ObservedInstance(inventory, includes, shells, groups, users, Optional.ofNullable(audit));
  }

  private static User user(List<String> lines) {
    Optional<PasswdEntry> passwd = Optional.empty();
    List<String> groups = List.of();
    String sudo = null;
    StringBuilder sshd = new StringBuilder();
    String sshdProblem = null;
    List<KeyFile> keyFiles = new ArrayList<>();
    String passwordState = null;
    List<PathMode> modes = new ArrayList<>();
    Map<String, Long> histories = new LinkedHashMap<>();
    boolean homeMissing = false;
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "password" -> passwordState = f[1].strip();
        case "mode" -> pathMode(f).ifPresent(modes::add);
        case "history" -> number(f, 2).ifPresent(size -> histories.put(f[1], size));
        case "passwd" -> passwd = PasswdEntry.parse(f[1]);
        case "groups" -> groups = f[1].isBlank() ? List.of() : List.of(f[1].strip().split("\\s+"));
        case "sudo" -> sudo = decode(f[1]);
        case "sshd" -> sshd.append(f[1]).append('\n');
        case "sshd-failed" -> sshdProblem = f[1].isBlank() ? "sshd -T -C failed" : f[1];
        case "keyfile" -> keyFiles.add(keyFile(f));
        case "home-missing" -> homeMissing = true;
        default -> { }
      }
    }
    SshdSettings settings = sshdProblem != null ? SshdSettings.unreadable(sshdProblem) : SshdSettings.parse(sshd.toString());
    Optional<AuditedFacts> audited = passwordState == null ? Optional.empty()
        : Optional.of(new AuditedFacts(passwordState, List.copyOf(modes), Map.copyOf(histories)));
    return new User(passwd, groups, sudo, settings, keyFiles, audited, homeMissing);
  }

  private static AuditScope auditScope(List<String> lines) {
    List<String> accounts = new ArrayList<>();
    long min = 1000;
    long max = 60000;
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("account") && f.length > 1) {
        accounts.add(f[1]);
      } else if (f[0].equals("uid-range")) {
        min = number(f, 1).orElse(min);
        max = number(f, 2).orElse(max);
      }
    }
    return new AuditScope(List.copyOf(accounts), min, max);
  }

  /** "mode<TAB>path<TAB>octal uid" */
  private static Optional<PathMode> pathMode(String[] f) {
    if (f.length < 3) {
      return Optional.empty();
    }
    String[] modeAndOwner = f[2].strip().split(" ");
    try {
      return Optional.of(new PathMode(f[1], Integer.parseInt(modeAndOwner[0], 8), Long.parseLong(modeAndOwner[1])));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> number(String[] f, int index) {
    try {
      return f.length > index ? Optional.of(Long.parseLong(f[index].strip())) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static KeyFile keyFile(String[] f) {
    String detail = f.length > 3 ? f[3] : "";
    return switch (f[2]) {
      case "read" -> new KeyFile(f[1], KeyFileState.READ, decode(detail), null);
      case "absent" -> new KeyFile(f[1], KeyFileState.ABSENT, "", null);
      case "refused" -> new KeyFile(f[1], KeyFileState.REFUSED, null, detail.strip());
      default -> new KeyFile(f[1], KeyFileState.ERROR, null, detail.strip());
    };
  }

  private static Map<String, List<String>> sections(String output) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(MARKER)) {
        current = new ArrayList<>();
        sections.put(line.substring(MARKER.length()), current);
      } else if (current != null && !line.isEmpty()) {
        current.add(line);
      }
    }
    return sections;
  }

  private static String decode(String base64) {
    return new String(Base64.getMimeDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
  }
}
