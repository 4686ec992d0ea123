package io.ecslogon.operator.host.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One line of the passwd database. */
public record Account(String name, long uid, String home, String shell) {

  /** Parses {@code getent passwd} output, skipping lines that are not well formed. */
  public static List<Account> parsePasswd(String content) {
    List<Account> accounts = new ArrayList<>();
    for (String line : content.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length != 7) {
        continue;
      }
      try {
        accounts.add(new Account(fields[0], Long.parseLong(fields[2]), fields[5], fields[6]));
      } catch (NumberFormatException e) {
        // A corrupt line says nothing reliable about a user; leave it out.
      }
    }
    return accounts;
  }

  /**
   * Whether the account can log in interactively: its shell is one of the instance's valid login
   * shells (/etc/shells), which excludes nologin, false, sync and the like.
   */
  public boolean hasLoginShell(Set<String> validShells) {
    return validShells.contains(shell);
  }
}
