package io.ecslogon.operator.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What to do when an integration test's prerequisite is missing: on a laptop, skip with the
 * reason; in CI (CI=true), fail, because CI must never silently skip a test.
 */
public final class RequiredForIntegrationTests {
  private RequiredForIntegrationTests() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  public static void require(boolean present, String whatIsMissing) {
    if (present) {
      return;
    }
    String message = whatIsMissing + " (hack/install-prerequisites.sh installs the packages; sandboxes need root)";
    if (inCi()) {
      Assertions.fail("CI=true and " + message);
    }
    Assumptions.abort("skipped: " + message);
  }
}
