package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.Client;
import com.aliyun.teaopenapi.models.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SDK client per credentials and region, kept while the credentials stay the same (a Secret
 * with a new resourceVersion gets a new client, and the old one is dropped). Building a client
 * makes no network call; credentials are used at each call.
 */
public class EcsClients {
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int READ_TIMEOUT_MS = 15_000;

  private final AlibabaCloudSettings settings;
  private final Map<String, Cached> clients = new ConcurrentHashMap<>();

  public EcsClients(AlibabaCloudSettings settings) {
    this.settings = settings;
  }

  public AlibabaCloudSettings settings() {
    return settings;
  }

  public Client client(CloudCredentials credentials, String regionId) {
    String source = source(credentials) + " in " + regionId;
    Cached cached = clients.compute(source, (key, existing) -> existing != null
        && existing.identity().equals(credentials.identity()) ? existing
        : new Cached(credentials.identity(), build(credentials, regionId)));
    return cached.client();
  }

  private Client build(CloudCredentials credentials, String regionId) {
    Config config = new Config()
        .setRegionId(regionId)
        .setProtocol(settings.protocol())
        .setUserAgent("ecs-logon-operator")
        .setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setReadTimeout(READ_TIMEOUT_MS);
    if (settings.endpoint() != null) {
      config.setEndpoint(settings.endpoint());
    }
    if (credentials instanceof CloudCredentials.AccessKey key) {
      config.setAccessKeyId(key.accessKeyId()).setAccessKeySecret(new String(key.accessKeySecret()));
      if (key.securityToken() != null) {
        config.setSecurityToken(new String(key.securityToken()));
      }
    } else {
      try {
        config.setCredential(new com.aliyun.credentials.Client());
      } catch (Exception e) {
        throw new CloudApiException("Credentials", "CredentialsNotFound", 0, e.getMessage());
      }
    }
    try {
      return new Client(config);
    } catch (Exception e) {
      throw new CloudApiException("Client", e.getClass().getSimpleName(), 0, String.valueOf(e.getMessage()));
    }
  }

  private static String source(CloudCredentials credentials) {
    return credentials instanceof CloudCredentials.AccessKey key ? key.secret() : credentials.identity();
  }

  private record Cached(String identity, Client client) {}
}
