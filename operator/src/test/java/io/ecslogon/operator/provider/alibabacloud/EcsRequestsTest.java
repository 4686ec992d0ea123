package io.ecslogon.operator.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which failures are tried again and how often; the SDK's exceptions are built as it builds them. */
class EcsRequestsTest {
  private final EcsRequests requests = new EcsRequests(new RegionBudget(1000), 4, Duration.ofMillis(1),
      Duration.ofMillis(5));

  @Test
  void throttlingIsTriedAgainUntilItPasses() {
    AtomicInteger calls = new AtomicInteger();
    String answer = requests.call("cn-hangzhou", "DescribeInstances", () -> {
      if (calls.incrementAndGet() < 3) {
        throw ecsError("Throttling.User", 400);
      }
      return "ok";
    });
    assertThat(answer).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void serverErrorsAndTheNetworkAreTriedAgainAtMostMaxAttemptsTimes() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> requests.call("cn-hangzhou", "DescribeInstances", () -> {
      calls.incrementAndGet();
      throw ecsError("InternalError", 500);
    })).isInstanceOf(CloudApiException.class).hasMessageContaining("DescribeInstances failed: InternalError (HTTP 500)");
    assertThat(calls).hasValue(4);

    calls.set(0);
    assertThatThrownBy(() -> requests.call("cn-hangzhou", "DescribeInstances", () -> {
      calls.incrementAndGet();
      throw new TeaUnretryableException(new ConnectException("Connection refused"));
    })).isInstanceOf(CloudApiException.class).hasMessageContaining("NetworkError")
        .hasMessageContaining("Connection refused");
    assertThat(calls).hasValue(4);
  }

  @Test
  void aClientErrorIsFinalAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> requests.call("cn-hangzhou", "DescribeInstances", () -> {
      calls.incrementAndGet();
      throw ecsError("InvalidAccessKeyId.NotFound", 404);
    })).isInstanceOfSatisfying(CloudApiException.class, e -> {
      assertThat(e.code()).isEqualTo("InvalidAccessKeyId.NotFound");
      assertThat(e.transientFailure()).isFalse();
    });
    assertThat(calls).hasValue(1);
  }

  @Test
  void aFailureCanDropEcsMessageButKeepsWhatAPersonActsOn() {
    CloudApiException quoted = new CloudApiException("ModifyInstanceAttribute", "InvalidPassword.Malformed", 400,
        "Password Secr3t-Example! is not valid");
    CloudApiException safe = quoted.withoutMessage();
    assertThat(safe.getMessage()).doesNotContain("Secr3t-Example!")
        .startsWith("ModifyInstanceAttribute failed: InvalidPassword.Malformed (HTTP 400)");
    assertThat(safe.code()).isEqualTo("InvalidPassword.Malformed");
    assertThat(quoted.summary()).isEqualTo("ModifyInstanceAttribute failed: InvalidPassword.Malformed (HTTP 400)");
  }

  @Test
  void theDelayIsJitteredBelowAnExponentialCap() {
    EcsRequests slow = new EcsRequests(new RegionBudget(1000), 10, Duration.ofMillis(200), Duration.ofSeconds(5));
    for (int i = 0; i < 200; i++) {
      assertThat(slow.delayBefore(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
      assertThat(slow.delayBefore(4)).isBetween(Duration.ZERO, Duration.ofMillis(800));
      assertThat(slow.delayBefore(30)).isBetween(Duration.ZERO, Duration.ofSeconds(5));
    }
    assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> slow.delayBefore(6)).distinct().count())
        .as("jittered, not one fixed delay").isGreaterThan(10);
  }

  @Test
  void aCallThatMustNotHappenTwiceIsSentAgainOnlyWhenThrottled() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> requests.call("cn-hangzhou", "RebootInstance", () -> {
      calls.incrementAndGet();
      throw new TeaUnretryableException(new java.net.SocketTimeoutException("read timed out"));
    })).isInstanceOf(CloudApiException.class).hasMessageContaining("NetworkError");
    assertThat(calls).as("the reboot may have been carried out: not asked twice").hasValue(1);

    calls.set(0);
    assertThatThrownBy(() -> requests.call("cn-hangzhou", "AttachKeyPair", () -> {
      calls.incrementAndGet();
      throw ecsError("InternalError", 500);
    })).isInstanceOf(CloudApiException.class).hasMessageContaining("InternalError");
    assertThat(calls).as("after a 5xx the key pair may be attached: not asked twice").hasValue(1);

    calls.set(0);
    requests.call("cn-hangzhou", "RunCommand", () -> {
      if (calls.incrementAndGet() == 1) {
        throw ecsError("Throttling.User", 400);
      }
      return "t-1";
    });
    assertThat(calls).as("a throttled call was refused before it ran").hasValue(2);
  }

  /** As tea-openapi throws it for an error answer: code, message, and the body with statusCode as data. */
  private static TeaException ecsError(String code, int status) {
    return new TeaException(Map.of("code", code, "message", "code: " + status + ", test request id: R-1",
        "data", Map.of("Code", code, "statusCode", status)));
  }
}
