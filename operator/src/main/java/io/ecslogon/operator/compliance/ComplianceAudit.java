package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.Finding;
import io.ecslogon.operator.convergence.AuthorizedKeysContent;
import io.ecslogon.operator.convergence.ObservedInstance;
import io.ecslogon.operator.convergence.ObservedInstance.AuditScope;
import io.ecslogon.operator.convergence.ObservedInstance.AuditedFacts;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFile;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFileState;
import io.ecslogon.operator.convergence.ObservedInstance.PathMode;
import io.ecslogon.operator.convergence.ObservedInstance.User;
import io.ecslogon.operator.host.linux.LinuxUsers.PasswdEntry;
import io.ecslogon.operator.host.linux.PasswordLogins;
import io.ecslogon.operator.host.linux.SshdSettings;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges what one visit saw against what the operator expects there: pure, no I/O, so every rule
 * is unit-tested with planted observations. Ids are the type and what the finding is about, so
 * the same finding has the same id on every visit until it is fixed.
 */
public final class ComplianceAudit {
  private ComplianceAudit() {}

  /** What one audit came to: the findings, sorted by id, and whether an image may be captured. */
  public record Result(List<Finding> findings, ImageReadiness imageReadiness) {}

  /** Empty when the visit did not audit (no spec.compliance). */
  public static Optional<Result> audit(ObservedInstance seen, Expected expected) {
    return findings(seen, expected).map(findings -> new Result(findings,
        ImageReadiness.judge(seen, seen.audit().orElseThrow().accounts(), expected)));
  }

  /** The findings, sorted by id; empty when the visit did not audit (no spec.compliance). */
  static Optional<List<Finding>> findings(ObservedInstance seen, Expected expected) {
    if (seen.audit().isEmpty()) {
      return Optional.empty();
    }
    AuditScope scope = seen.audit().get();
    Map<String, Finding> found = new LinkedHashMap<>();
    for (String account : scope.accounts()) {
      Optional<User> user = seen.seen(account);
      if (!account.equals("root") && !expected.managed(account) && !account.equals(expected.adminUser())
          && !expected.allowedUsers().contains(account)) {
        String what = user.flatMap(User::passwd).map(ComplianceAudit::describe).orElse("");
        add(found, new Finding(FindingType.UNKNOWN_USER + "/" + account, FindingType.UNKNOWN_USER, account, null, null,
            "account " + account + what + " is not managed by a LogonUser, is not the admin user and is not in"
                + " spec.compliance.allowedUsers"));
      }
      user.ifPresent(seenUser -> audit(found, account, seenUser, expected));
    }
    return Optional.of(found.values().stream().sorted(Comparator.comparing(Finding::getId)).toList());
  }

  private static void audit(Map<String, Finding> found, String account, User user, Expected expected) {
    unrecognisedKeys(found, account, user, expected);
    user.audited().ifPresent(facts -> {
      passwords(found, account, facts, expected);
      keyFileModes(found, account, user, facts);
      histories(found, account, facts);
    });
    sshd(found, account, user.sshd(), expected);
  }

  private static void unrecognisedKeys(Map<String, Finding> found, String account, User user, Expected expected) {
    for (KeyFile file : user.keyFiles()) {
      if (file.state() != KeyFileState.READ) {
        continue;
      }
      for (String line : AuthorizedKeysContent.foreignLines(file.content(), expected.blockOwners().get(account))) {
        Optional<AuthorizedKeyLine> parsed = AuthorizedKeyLine.parse(line);
        if (parsed.isEmpty()) {
          continue;
        }
        AuthorizedKeyLine key = parsed.get();
        if (!expected.recognises(account, key.fingerprint())) {
          add(found, new Finding(FindingType.UNRECOGNISED_KEY + "/" + account + "/" + key.fingerprint(),
              FindingType.UNRECOGNISED_KEY, account, key.fingerprint(), file.path(), key.type() + " key "
                  + key.fingerprint() + (key.comment().isEmpty() ? "" : " (" + key.comment() + ")") + " in "
                  + file.path() + " is neither managed, nor the operator's own, nor in"
                  + " spec.compliance.allowedKeyFingerprints"));
        }
      }
    }
  }

  private static void passwords(Map<String, Finding> found, String account, AuditedFacts facts, Expected expected) {
    if ("empty".equals(facts.passwordState())) {
      add(found, new Finding(FindingType.EMPTY_PASSWORD + "/" + account, FindingType.EMPTY_PASSWORD, account, null,
          "/etc/shadow", account + " has an empty password field: anyone may log on as " + account
              + " wherever empty passwords are accepted"));
    } else if ("set".equals(facts.passwordState()) && !expected.expectsPassword(account)) {
      add(found, new Finding(FindingType.PASSWORD_SET + "/" + account, FindingType.PASSWORD_SET, account, null,
          "/etc/shadow", account + " has a usable password that no LogonUser sets (a preset credential);"
              + " the hash was not read"));
    }
  }

  private static void sshd(Map<String, Finding> found, String account, SshdSettings sshd, Expected expected) {
    if (!sshd.readable()) {
      return;
    }
    boolean passwordsAccepted = PasswordLogins.refusal(sshd, account).isEmpty();
    String where = " (sshd -T -C user=" + account + ")";
    if (account.equals("root") && passwordsAccepted && !expected.expectsPassword("root")) {
      add(found, new Finding(FindingType.ROOT_PASSWORD_LOGIN + "/root", FindingType.ROOT_PASSWORD_LOGIN, "root", null,
          null, "sshd lets root log on with a password: PermitRootLogin yes and PasswordAuthentication yes" + where));
    } else if (!account.equals("root") && passwordsAccepted && !expected.expectsPassword(account)) {
      add(found, new Finding(FindingType.PASSWORD_LOGIN_ENABLED + "/" + account, FindingType.PASSWORD_LOGIN_ENABLED,
          account, null, null, "sshd lets " + account + " log on with a password, though no LogonUser gives "
              + account + " one" + where));
    }
    if ("yes".equals(sshd.get("permitemptypasswords").orElse("no"))) {
      add(found, new Finding(FindingType.PERMIT_EMPTY_PASSWORDS + "/" + account, FindingType.PERMIT_EMPTY_PASSWORDS,
          account, null, null, "sshd accepts an empty password for " + account + ": PermitEmptyPasswords yes" + where));
    }
  }

  /**
   * With StrictModes (the default) sshd silently ignores a user's keys when the home directory,
   * ~/.ssh or the key file may be written by others: the key seems to be there and does not work.
   * Without StrictModes, the same modes let others add keys.
   */
  private static void keyFileModes(Map<String, Finding> found, String account, User user, AuditedFacts facts) {
    boolean strict = !"no".equals(user.sshd().get("strictmodes").orElse("yes"));
    boolean hasKeys = user.keyFiles().stream().anyMatch(file -> file.state() == KeyFileState.READ
        && !AuthorizedKeyLine.parseAll(file.content()).isEmpty());
    long uid = user.passwd().map(PasswdEntry::uid).orElse(-1L);
    for (PathMode mode : facts.modes()) {
      boolean foreignOwner = mode.ownerUid() != 0 && mode.ownerUid() != uid;
      if (!mode.writableByOthers() && !foreignOwner) {
        continue;
      }
      String how = String.format("%s is mode %o%s", mode.path(), mode.mode(),
          foreignOwner ? ", owned by uid " + mode.ownerUid() : "");
      if (strict && hasKeys) {
        add(found, new Finding(FindingType.IGNORED_KEY_FILE + "/" + account + "/" + mode.path(),
            FindingType.IGNORED_KEY_FILE, account, null, mode.path(), how + ": with StrictModes sshd ignores "
                + account + "'s keys, so they do not work"));
      } else if (!strict) {
        add(found, new Finding(FindingType.IGNORED_KEY_FILE + "/" + account + "/" + mode.path(),
            FindingType.IGNORED_KEY_FILE, account, null, mode.path(), how + " and StrictModes is off: others may"
                + " add keys that let them log on as " + account));
      }
    }
  }

  private static void histories(Map<String, Finding> found, String account, AuditedFacts facts) {
    facts.histories().forEach((file, size) -> add(found, new Finding(
        FindingType.SHELL_HISTORY + "/" + account + "/" + file, FindingType.SHELL_HISTORY, account, null, "~/" + file,
        "~/" + file + " of " + account + " holds " + size + " bytes (not read); clear it before capturing an image")));
  }

  private static String describe(PasswdEntry entry) {
    return " (uid " + entry.uid() + ", shell " + entry.shell() + ")";
  }

  private static void add(Map<String, Finding> found, Finding finding) {
    found.putIfAbsent(finding.getId(), finding);
  }
}
