package io.ecslogon.operator.provider.alibabacloud;

/**
 * Who the operator is in Alibaba Cloud for one call: an AccessKey (with an STS token when it is a
 * temporary one) from a Secret, or the operator's own identity through the SDK's default chain.
 * {@link #identity()} tells clients apart without holding or printing the secret.
 */
public sealed interface CloudCredentials {
  /** A stable name for caching clients: where the credentials came from, never their value. */
  String identity();

  /** These credentials in one region: what ECS throttles by, and what one DescribeInstances batch covers. */
  default String in(String regionId) {
    return identity() + " in " + regionId;
  }

  /** From a Secret; {@code version} is its resourceVersion, so that a rotated key gets a new client. */
  record AccessKey(String accessKeyId, char[] accessKeySecret, char[] securityToken, String secret, String version)
      implements CloudCredentials {
    @Override
    public String identity() {
      return "secret " + secret + "@" + version;
    }

    @Override
    public String toString() {
      return "AccessKey " + accessKeyId + " from " + secret;
    }
  }

  /** ALIBABA_CLOUD_* environment variables, ACK RRSA (OIDC), a profile file or the node's ECS RAM role. */
  record DefaultChain() implements CloudCredentials {
    @Override
    public String identity() {
      return "default chain";
    }
  }
}
