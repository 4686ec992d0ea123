package io.ecslogon.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.provider.alibabacloud.AlibabaCloudSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void defaultsWatchAllNamespacesAndResyncEveryFiveMinutes() {
    OperatorConfig config = OperatorConfig.defaults();
    assertThat(config.watchesAllNamespaces()).isTrue();
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.maxParallelReconciles()).isEqualTo(32);
  }

  @Test
  void readsTheEnvironment() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        OperatorConfig.WATCH_NAMESPACES, "team-a, team-b,",
        OperatorConfig.RESYNC_INTERVAL, "1h30m",
        OperatorConfig.SSH_CONNECT_TIMEOUT, "500ms"));
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.sshConnectTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aFailingInstanceIsTriedAgainAfterFiveSecondsAtLeastUnlessSetBetweenOneSecondAndFiveMinutes() {
    assertThat(OperatorConfig.defaults().minRetryDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(OperatorConfig.fromEnvironment(Map.of(OperatorConfig.RETRY_DELAY_MIN, "1s")).minRetryDelay())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.RETRY_DELAY_MIN, "500ms")))
        .hasMessageContaining(OperatorConfig.RETRY_DELAY_MIN);
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.RETRY_DELAY_MIN, "6m")))
        .hasMessageContaining(OperatorConfig.RETRY_DELAY_MIN);
  }

  @Test
  void durationsReadLikeGo() {
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1h30m15s")).isEqualTo(Duration.ofSeconds(5415));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void badDurationsNameTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.RESYNC_INTERVAL, "5 minutes")))
        .hasMessageContaining(OperatorConfig.RESYNC_INTERVAL);
    assertThatThrownBy(() -> GoDuration.parse("10x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commandLimitsDefaultToOneMinuteAndFourMebibytesAndReadBinarySizes() {
    assertThat(OperatorConfig.defaults().sshCommandLimits())
        .isEqualTo(new io.ecslogon.operator.host.CommandLimits(Duration.ofSeconds(60), 4 << 20));
    assertThat(OperatorConfig.fromEnvironment(Map.of(OperatorConfig.SSH_MAX_OUTPUT, "512Ki")).sshMaxOutput())
        .isEqualTo(512 << 10);
    assertThat(OperatorConfig.fromEnvironment(Map.of(OperatorConfig.SSH_MAX_OUTPUT, "1048576")).sshMaxOutput())
        .isEqualTo(1 << 20);
  }

  @Test
  void badOutputLimitsNameTheVariable() {
    for (String bad : new String[] {"4MB", "1Ki", "1Gi", "-1", ""}) {
      assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.SSH_MAX_OUTPUT, bad)))
          .as(bad).hasMessageContaining(OperatorConfig.SSH_MAX_OUTPUT);
    }
  }

  @Test
  void leaderElectionLeasesLastFifteenSecondsUnlessSetAndRenewInControllerRuntimesProportions() {
    OperatorConfig.LeaderElection standard = OperatorConfig.fromEnvironment(Map.of(
        OperatorConfig.LEADER_ELECTION, "true")).leaderElection();
    assertThat(standard.enabled()).isTrue();
    assertThat(List.of(standard.leaseDuration(), standard.renewDeadline(), standard.retryPeriod()))
        .containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    OperatorConfig.LeaderElection quick = OperatorConfig.fromEnvironment(Map.of(OperatorConfig.LEADER_ELECTION, "true",
        OperatorConfig.LEADER_ELECTION_LEASE_DURATION, "6s")).leaderElection();
    assertThat(List.of(quick.leaseDuration(), quick.renewDeadline(), quick.retryPeriod()))
        .containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(800));
  }

  @Test
  void aLeaseTooShortToRenewOrTooLongToFailOverIsRefused() {
    for (String bad : new String[] {"1s", "2999ms", "6m", "soon"}) {
      assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(OperatorConfig.LEADER_ELECTION, "true",
          OperatorConfig.LEADER_ELECTION_LEASE_DURATION, bad)))
          .as(bad).hasMessageContaining(OperatorConfig.LEADER_ELECTION_LEASE_DURATION);
    }
  }

  @Test
  void theEcsApiDefaultsToTheRegionsHttpsEndpointAndCanBePointedElsewhere() {
    AlibabaCloudSettings defaults = OperatorConfig.defaults().alibabaCloud();
    assertThat(defaults.endpoint()).isNull();
    assertThat(defaults.protocol()).isEqualTo("HTTPS");
    assertThat(defaults.requestsPerSecond()).isEqualTo(20);

    AlibabaCloudSettings emulator = OperatorConfig.fromEnvironment(Map.of(AlibabaCloudSettings.ENDPOINT, "127.0.0.1:18300",
        AlibabaCloudSettings.PROTOCOL, "http", AlibabaCloudSettings.REQUESTS_PER_SECOND, "5")).alibabaCloud();
    assertThat(emulator.endpoint()).isEqualTo("127.0.0.1:18300");
    assertThat(emulator.protocol()).isEqualTo("HTTP");
    assertThat(emulator.requestsPerSecond()).isEqualTo(5);

    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(AlibabaCloudSettings.PROTOCOL, "ftp")))
        .hasMessageContaining(AlibabaCloudSettings.PROTOCOL);
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of(AlibabaCloudSettings.REQUESTS_PER_SECOND, "0")))
        .hasMessageContaining(AlibabaCloudSettings.REQUESTS_PER_SECOND);
  }
}
