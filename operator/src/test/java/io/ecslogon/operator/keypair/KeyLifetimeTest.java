package io.ecslogon.operator.keypair;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.api.v1alpha1.KeyPairSpec;
import io.ecslogon.operator.api.v1alpha1.KeyRotation;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyLifetimeTest {
  @ParameterizedTest(name = "interval {0}, renewBefore {1}, expiresAfter {2}")
  @CsvSource(nullValues = "-", value = {
      "1s,-,-,spec.rotation.interval must be between 1h and 87600h",
      "59m,-,-,spec.rotation.interval must be between 1h and 87600h",
      "87601h,-,-,spec.rotation.interval must be between 1h and 87600h",
      "3000000h,-,-,too long",
      "720h,720h,-,renewBefore must be shorter",
      "-,-,3000000h,too long",
      "-,-,87601h,spec.expiresAfter must be at most 87600h",
  })
  void outOfRangeDurationsAreProblemsNotExceptions(String interval, String renewBefore, String expiresAfter,
      String problem) {
    assertThat(KeyLifetime.problem(spec(interval, renewBefore, expiresAfter))).hasValueSatisfying(
        message -> assertThat(message).contains(problem));
  }

  @ParameterizedTest(name = "interval {0}, renewBefore {1}, expiresAfter {2}")
  @CsvSource(nullValues = "-", value = {"1h,20m,-", "720h,-,8760h", "87600h,-,87600h", "-,-,1m"})
  void boundedDurationsAreFineAndScheduleWithoutOverflow(String interval, String renewBefore, String expiresAfter) {
    KeyPairSpec spec = spec(interval, renewBefore, expiresAfter);

    assertThat(KeyLifetime.problem(spec)).isEmpty();
    assertThat(KeyLifetime.rotationDue(spec, Instant.parse("2026-01-01T00:00:00Z"))).isNotNull();
  }

  private static KeyPairSpec spec(String interval, String renewBefore, String expiresAfter) {
    KeyPairSpec spec = new KeyPairSpec();
    if (interval != null) {
      KeyRotation rotation = new KeyRotation();
      rotation.setInterval(interval);
      rotation.setRenewBefore(renewBefore);
      spec.setRotation(rotation);
    }
    spec.setExpiresAfter(expiresAfter);
    return spec;
  }
}
