package io.ecslogon.operator.provider.alibabacloud;

import java.time.Duration;
import java.util.Locale;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param operatorIdentityNamespaces where objects that name no credentials Secret may use the
 *     operator's own cloud identity (the default chain: RRSA, a RAM role): none by default, "*" for
 *     all. Otherwise anyone who may create an EcsInstance could act, as the operator, on any
 *     instance its account can reach
 */
public record AlibabaCloudSettings(String endpoint, String protocol, double requestsPerSecond, Duration describeMaxAge,
    Set<String> operatorIdentityNamespaces) {
  public static final String ENDPOINT = "ECSLOGON_ALIBABA_CLOUD_ENDPOINT";
  public static final String PROTOCOL = "ECSLOGON_ALIBABA_CLOUD_PROTOCOL";
  public static final String REQUESTS_PER_SECOND = "ECSLOGON_ALIBABA_CLOUD_REQUESTS_PER_SECOND";
  public static final String OPERATOR_IDENTITY_NAMESPACES = "ECSLOGON_ALIBABA_CLOUD_OPERATOR_IDENTITY_NAMESPACES";

  public AlibabaCloudSettings {
    operatorIdentityNamespaces = Set.copyOf(operatorIdentityNamespaces);
    if (!"HTTPS".equals(protocol) && !"HTTP".equals(protocol)) {
      throw new IllegalArgumentException(PROTOCOL + " must be HTTPS or HTTP, not " + protocol);
    }
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException(REQUESTS_PER_SECOND + " must be positive");
    }
  }

  public static AlibabaCloudSettings defaults() {
    return new AlibabaCloudSettings(null, "HTTPS", 20, Duration.ofSeconds(10), Set.of());
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
    Set<String> namespaces = Arrays.stream(env.getOrDefault(OPERATOR_IDENTITY_NAMESPACES, "").split(","))
        .map(String::strip).filter(namespace -> !namespace.isEmpty()).collect(Collectors.toUnmodifiableSet());
    return new AlibabaCloudSettings(endpoint == null || endpoint.isBlank() ? null : endpoint.trim(), protocol, perSecond,
        Duration.ofSeconds(10), namespaces);
  }

  public AlibabaCloudSettings withEndpoint(String endpoint, String protocol) {
    return new AlibabaCloudSettings(endpoint, protocol, requestsPerSecond, describeMaxAge, operatorIdentityNamespaces);
  }

  /** Whether objects of {@code namespace} that name no credentials Secret may use the operator's own identity. */
  public boolean operatorIdentityAllowedIn(String namespace) {
    return operatorIdentityNamespaces.contains("*") || operatorIdentityNamespaces.contains(namespace);
  }
}
