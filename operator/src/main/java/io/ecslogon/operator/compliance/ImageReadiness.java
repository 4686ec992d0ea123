package io.ecslogon.operator.compliance;

import io.ecslogon.operator.convergence.ObservedInstance;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFile;
import io.ecslogon.operator.convergence.ObservedInstance.KeyFileState;
import io.ecslogon.operator.convergence.ObservedInstance.User;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an image captured from this instance now would carry no credentials: no account with a
 * password (set or empty), no key in any key file but the operator's own admin key, no shell
 * history. ECS's checklist for preparing a custom image, judged from the audit's reading.
 *
 * @param blockers what stands in the way, for people; empty when ready
 */
public record ImageReadiness(List<String> blockers) {
  private static final int SHOWN = 5;

  static ImageReadiness judge(ObservedInstance seen, List<String> accounts, Expected expected) {
    List<String> blockers = new ArrayList<>();
    for (String account : accounts) {
      User user = seen.seen(account).orElse(null);
      if (user == null) {
        continue;
      }
      user.audited().ifPresent(facts -> {
        if ("set".equals(facts.passwordState()) || "empty".equals(facts.passwordState())) {
          blockers.add(account + " has " + ("set".equals(facts.passwordState()) ? "a password" : "an empty password"));
        }
        facts.histories().forEach((file, size) -> blockers.add("~/" + file + " of " + account + " holds " + size
            + " bytes"));
      });
      for (KeyFile file : user.keyFiles()) {
        if (file.state() != KeyFileState.READ) {
          continue;
        }
        long others = AuthorizedKeyLine.parseAll(file.content()).stream()
            .filter(key -> !(account.equals(expected.adminUser())
                && expected.adminKeyFingerprint().filter(key.fingerprint()::equals).isPresent()))
            .count();
        if (others > 0) {
          blockers.add(file.path() + " holds " + others + " key(s) besides the operator's");
        }
      }
    }
    return new ImageReadiness(List.copyOf(blockers));
  }

  public boolean ready() {
    return blockers.isEmpty();
  }

  public String message() {
    if (ready()) {
      return "no password, no key but the operator's admin key, no shell history: an image captured now"
          + " carries no credentials";
    }
    String shown = String.join("; ", blockers.subList(0, Math.min(SHOWN, blockers.size())));
    return "not ready for an image: " + shown + (blockers.size() > SHOWN ? "; and " + (blockers.size() - SHOWN)
        + " more" : "");
  }
}
