package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.Finding;
import io.ecslogon.operator.convergence.AuthorizedKeysContent;
import io.ecslogon.operator.convergence.ObservedInstance;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFile;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFileState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Enforce changes for an audit's findings, decided without touching the instance (so the
 * same list is the preview): unrecognised keys removed from every key file they are in, the
 * passwords of unknown users and of accounts with preset or empty passwords locked. Never a key
 * inside the operator's own block, never the admin's password, and the admin's files only when
 * the operator knows its own key (so it cannot remove the key it logs on with). Accounts are
 * never deleted and passwords never removed.
 */
final class EnforcementPlan {
  private EnforcementPlan() {}

  static List<EnforcementAction> of(ObservedInstance seen, Expected expected, List<Finding> findings) {
    List<EnforcementAction> actions = new ArrayList<>();
    Map<String, Set<String>> unrecognised = new LinkedHashMap<>();
    Set<String> toLock = new LinkedHashSet<>();
    Map<String, String> lockReasons = new LinkedHashMap<>();
    for (Finding finding : findings) {
      switch (finding.getType()) {
        case FindingType.UNRECOGNISED_KEY ->
            unrecognised.computeIfAbsent(finding.getUser(), user -> new LinkedHashSet<>()).add(finding.getFingerprint());
        case FindingType.PASSWORD_SET, FindingType.EMPTY_PASSWORD -> {
          toLock.add(finding.getUser());
          lockReasons.putIfAbsent(finding.getUser(), finding.getId());
        }
        case FindingType.UNKNOWN_USER -> {
          if (hasUsablePassword(seen, finding.getUser())) {
            toLock.add(finding.getUser());
            lockReasons.putIfAbsent(finding.getUser(), finding.getId());
          }
        }
        default -> { }
      }
    }
    unrecognised.forEach((user, fingerprints) -> {
      if (user.equals(expected.adminUser()) && expected.adminKeyFingerprint().isEmpty()) {
        return;  // without its own key known, the operator cannot be sure to keep its way in
      }
      seen.seen(user).ifPresent(observed -> {
        for (KeyFile file : observed.keyFiles()) {
          if (file.state() == KeyFileState.READ) {
            withoutKeys(file.content(), fingerprints, expected.blockOwners().get(user)).ifPresent(kept ->
                actions.add(EnforcementAction.rewriteKeys(user, file.path(), sha256(file.content()), kept,
                    "removed " + removedCount(file.content(), kept) + " unrecognised key(s) from " + file.path())));
          }
        }
      });
    });
    toLock.stream()
        .filter(user -> !user.equals(expected.adminUser()))
        .forEach(user -> actions.add(EnforcementAction.lockPassword(user, lockReasons.get(user))));
    return actions;
  }

  private static boolean hasUsablePassword(ObservedInstance seen, String user) {
    return seen.seen(user).flatMap(ObservedInstance.User::audited)
        .map(facts -> "set".equals(facts.passwordState()) || "empty".equals(facts.passwordState()))
        .orElse(false);
  }

  /** The content with every line holding one of {@code fingerprints} (outside the operator's block) dropped; empty when none does. */
  static Optional<String> withoutKeys(String content, Set<String> fingerprints, String blockOwner) {
    String kept = AuthorizedKeysContent.withoutForeignLines(content, blockOwner,
        line -> AuthorizedKeyLine.parse(line).filter(key -> fingerprints.contains(key.fingerprint())).isPresent());
    return kept.equals(content) ? Optional.empty() : Optional.of(kept);
  }

  private static long removedCount(String before, String after) {
    return AuthorizedKeyLine.parseAll(before).size() - AuthorizedKeyLine.parseAll(after).size();
  }

  static String sha256(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
