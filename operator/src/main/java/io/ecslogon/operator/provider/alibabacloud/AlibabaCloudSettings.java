package io.ecslogon.operator.provider.alibabacloud;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How the operator reaches the ECS OpenAPI, read once at start-up (nothing here is secret).
 *
 * @param endpoint host[:port] of the ECS API for every region, for a private endpoint or the local
 *     emulator; null: the SDK's endpoint for the instance's region (ecs.REGION.aliyuncs.com)
 * @param protocol HTTPS, or HTTP only for the local emulator
 * @param requestsPerSecond the most ECS requests per second per region and credentials: ECS
 *     throttles per account and API, so a fleet must not spend the account's budget in a burst
 * @param describeMaxAge how old a DescribeInstances answer may be when an instance visit uses it:
 *     visits within this window share one batched call
 */
public record AlibabaCloudSettings(String endpoint, String protocol, double requestsPerSecond, Duration describeMaxAge) {
  public static final String ENDPOINT = "ECSLOGON_ALIBABA_CLOUD_ENDPOINT";
  public static final String PROTOCOL = "ECSLOGON_ALIBABA_CLOUD_PROTOCOL";
  public static final String REQUESTS_PER_SECOND = "ECSLOGON_ALIBABA_CLOUD_REQUESTS_PER_SECOND";

  public AlibabaCloudSettings {
    if (!"HTTPS".equals(protocol) && !"HTTP".equals(protocol)) {
      throw new IllegalArgumentException(PROTOCOL + " must be HTTPS or HTTP, not " + protocol);
    }
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException(REQUESTS_PER_SECOND + " must be positive");
    }
  }

  public static AlibabaCloudSettings defaults() {
    return new AlibabaCloudSettings(null, "HTTPS", 20, Duration.ofSeconds(10));
  }

  public static AlibabaCloudSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.get(ENDPOINT);
    String protocol = env.getOrDefault(PROTOCOL, "HTTPS").toUpperCase(Locale.ROOT);
    double perSecond;
    try {
      perSecond = Double.parseDouble(env.getOrDefault(REQUESTS_PER_SECOND, "20"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(REQUESTS_PER_SECOND + " must be a number", e);
    }
    return new AlibabaCloudSettings(endpoint == null || endpoint.isBlank() ? null : endpoint.trim(), protocol, perSecond,
        Duration.ofSeconds(10));
  }

  public AlibabaCloudSettings withEndpoint(String endpoint, String protocol) {
    return new AlibabaCloudSettings(endpoint, protocol, requestsPerSecond, describeMaxAge);
  }
}
