package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.models.DeleteKeyPairsRequest;
import com.aliyun.ecs20140526.models.DescribeKeyPairsRequest;
import com.aliyun.ecs20140526.models.DescribeKeyPairsResponseBody;
import com.aliyun.ecs20140526.models.ImportKeyPairRequest;
import java.util.List;
import java.util.Optional;

/**
 * Key pairs in ECS by name, one region at a time: look one up, import a public key under a name,
 * delete a name. Every call goes through {@link EcsRequests} within the budget of its credentials
 * and region. Nothing here decides whose key pair a name is; that is the caller's business.
 */
public class EcsKeyPairs {
  /** DeleteKeyPairs refuses a key pair bound to an instance with this code (and deletes none of the names). */
  public static final String STILL_BOUND = "InvalidParameter.KeypairAlreadyAttachedInstance";

  private final EcsClients clients;
  private final EcsRequests requests;

  public EcsKeyPairs(EcsClients clients, EcsRequests requests) {
    this.clients = clients;
    this.requests = requests;
  }

  /** A key pair as ECS lists it; {@code fingerprint} is ECS's (MD5). */
  public record Registered(String name, String fingerprint) {}

  /**
   * The key pair of exactly this name, if ECS has one in the region. (ECS's KeyPairName filter also
   * takes '*' as a wildcard; a name with none matches itself, and the answer is filtered anyway.)
   *
   * @throws CloudApiException when ECS cannot be asked
   */
  public Optional<Registered> find(CloudCredentials credentials, String regionId, String name) {
    var client = clients.client(credentials, regionId);
    DescribeKeyPairsRequest request = new DescribeKeyPairsRequest().setRegionId(regionId).setKeyPairName(name);
    DescribeKeyPairsResponseBody body = requests.call(credentials.in(regionId), "DescribeKeyPairs",
        () -> client.describeKeyPairs(request).getBody());
    if (body == null || body.getKeyPairs() == null || body.getKeyPairs().getKeyPair() == null) {
      return Optional.empty();
    }
    return body.getKeyPairs().getKeyPair().stream()
        .filter(keyPair -> name.equals(keyPair.getKeyPairName()))
        .map(keyPair -> new Registered(keyPair.getKeyPairName(), keyPair.getKeyPairFingerPrint()))
        .findFirst();
  }

  /**
   * Registers {@code publicKey} (one OpenSSH line) under {@code name}.
   *
   * @return what ECS registered, with its fingerprint
   * @throws CloudApiException with ECS's code, e.g. KeyPair.AlreadyExist or InvalidPublicKeyBody.Malformed
   */
  public Registered importKey(CloudCredentials credentials, String regionId, String name, String publicKey) {
    var client = clients.client(credentials, regionId);
    ImportKeyPairRequest request = new ImportKeyPairRequest().setRegionId(regionId).setKeyPairName(name)
        .setPublicKeyBody(publicKey);
    var body = requests.call(credentials.in(regionId), "ImportKeyPair",
        () -> client.importKeyPair(request).getBody());
    return new Registered(body.getKeyPairName(), body.getKeyPairFingerPrint());
  }

  /**
   * Deletes {@code name}; a name ECS does not have is no error.
   *
   * @throws CloudApiException with code {@link #STILL_BOUND} while instances use the key pair
   */
  public void delete(CloudCredentials credentials, String regionId, String name) {
    var client = clients.client(credentials, regionId);
    DeleteKeyPairsRequest request = new DeleteKeyPairsRequest().setRegionId(regionId)
        .setKeyPairNames(EcsParameters.jsonArray(List.of(name)));
    requests.call(credentials.in(regionId), "DeleteKeyPairs",
        () -> client.deleteKeyPairs(request));
  }
}
