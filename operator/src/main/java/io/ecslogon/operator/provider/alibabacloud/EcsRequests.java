package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every ECS OpenAPI call goes through here: within the region's request budget, and tried again on
 * throttling, on ECS's server errors and on network failures, with exponential back-off and full
 * jitter (so that a fleet's visits do not come back in step). The SDK itself retries none of
 * these on an HTTP answer (docs/alibaba-cloud.md). Client errors (a wrong parameter, a denied
 * action, an unknown instance) are final at once.
 */
public class EcsRequests {
  private static final Logger LOG = LoggerFactory.getLogger(EcsRequests.class);
  /**
   * Calls that must not happen twice (a second reboot, a command run twice): after a network failure
   * or a server error they may have been carried out, so only a throttled one (refused before it was
   * carried out) is sent again.
   */
  private static final Set<String> NOT_IDEMPOTENT = Set.of("RebootInstance", "RunCommand", "ModifyInstanceAttribute",
      "ImportKeyPair", "AttachKeyPair");

  private final RegionBudget budget;
  private final int maxAttempts;
  private final Duration firstDelay;
  private final Duration maxDelay;

  public EcsRequests(double requestsPerSecond) {
    this(new RegionBudget(requestsPerSecond), 5, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  EcsRequests(RegionBudget budget, int maxAttempts, Duration firstDelay, Duration maxDelay) {
    this.budget = budget;
    this.maxAttempts = maxAttempts;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
  }

  /** One SDK call; the SDK's methods throw {@code Exception}. */
  @FunctionalInterface
  public interface SdkCall<T> {
    T call() throws Exception;
  }

  /**
   * Runs {@code call} for {@code action} within {@code budgetKey}'s budget (region and credentials).
   *
   * @throws CloudApiException when ECS said no, or the tries are used up
   */
  public <T> T call(String budgetKey, String action, SdkCall<T> call) {
    for (int attempt = 1; ; attempt++) {
      CloudApiException failure;
      try {
        budget.acquire(budgetKey);
        return call.call();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudApiException(action, "Interrupted", 0, "the operator is stopping");
      } catch (TeaException e) {
        failure = new CloudApiException(action, e.getCode() == null ? "Unknown" : e.getCode(), statusOf(e),
            e.getMessage());
      } catch (TeaUnretryableException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        failure = new CloudApiException(action, "NetworkError", 0, cause.getClass().getSimpleName() + ": "
            + cause.getMessage());
      } catch (Exception e) {
        // The SDK wraps network failures as TeaUnretryableException; anything else is a defect
        // or an answer it could not read: not worth repeating.
        throw new CloudApiException(action, e.getClass().getSimpleName(), 0, String.valueOf(e.getMessage()));
      }
      if (!failure.transientFailure() || attempt >= maxAttempts || (NOT_IDEMPOTENT.contains(action)
          && !failure.code().startsWith("Throttling"))) {
        throw failure;
      }
      Duration delay = delayBefore(attempt + 1);
      // Code and status only: ECS's message is its own text, but nothing a request carried may reach a log.
      LOG.info("{}; trying again in {} ms (attempt {} of {})", failure.summary(), delay.toMillis(), attempt + 1,
          maxAttempts);
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  /** Full jitter: uniformly between 0 and min(max, first * 2^(attempt-2)). */
  Duration delayBefore(int attempt) {
    long cap = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(attempt - 2, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
  }

  /** Throttling (any Throttling* code), ECS's own errors (5xx) and the network are worth another try. */
  static boolean retriable(String code, int httpStatus) {
    return (code != null && (code.startsWith("Throttling") || code.equals("ServiceUnavailable")
        || code.equals("NetworkError"))) || httpStatus >= 500;
  }

  private static int statusOf(TeaException e) {
    Integer status = e.getStatusCode();
    return status == null ? 0 : status;
  }
}
