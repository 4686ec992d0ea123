package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.models.AttachKeyPairRequest;
import com.aliyun.ecs20140526.models.AttachKeyPairResponseBody;
import com.aliyun.ecs20140526.models.DeleteKeyPairsRequest;
import com.aliyun.ecs20140526.models.DescribeKeyPairsRequest;
import com.aliyun.ecs20140526.models.DescribeKeyPairsResponseBody;
import com.aliyun.ecs20140526.models.ImportKeyPairRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Key pairs in ECS by name, one region at a time: look one up, import a public key under a name,
 * delete a name, bind one to an instance. Every call goes through {@link EcsRequests} within the budget of its credentials
 * and region. Nothing here decides whose key pair a name is; that is the caller's business.
 */
public class EcsKeyPairs {
  /** DeleteKeyPairs refuses a key pair bound to an instance with this code (and deletes none of the names). */
  public static final String STILL_BOUND = "InvalidParameter.KeypairAlreadyAttachedInstance";

  private final EcsClients clients;
  private final EcsRequests requests;
  private final InstanceDirectory directory;

  /** @param directory whose answers are forgotten after an attach, so the next visit sees the new KeyPairName */
  public EcsKeyPairs(EcsClients clients, EcsRequests requests, InstanceDirectory directory) {
    this.clients = clients;
    this.requests = requests;
    this.directory = directory;
  }

  /** ECS prints MD5 as colon-separated hex; compared without case, colons or an "MD5:" prefix to be safe. */
  public static boolean sameFingerprint(String a, String b) {
    return a != null && b != null && normalized(a).equals(normalized(b));
  }

  private static String normalized(String fingerprint) {
    String lower = fingerprint.trim().toLowerCase(Locale.ROOT);
    return (lower.startsWith("md5:") ? lower.substring(4) : lower).replace(":", "");
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

  /**
   * Binds {@code name} to one instance with AttachKeyPair (replacing a key pair bound before). ECS
   * applies it at the instance's next start. ECS answers 200 also when it did not bind it to an
   * instance, with that instance's own code in Results: that is a failure here too.
   *
   * @throws CloudApiException with ECS's code (InvalidKeyPairName.NotFound, the instance's code, ...)
   */
  public void attach(CloudCredentials credentials, String regionId, String name, String instanceId) {
    var client = clients.client(credentials, regionId);
    AttachKeyPairRequest request = new AttachKeyPairRequest().setRegionId(regionId).setKeyPairName(name)
        .setInstanceIds(EcsParameters.jsonArray(List.of(instanceId)));
    AttachKeyPairResponseBody body = requests.call(credentials.in(regionId), "AttachKeyPair",
        () -> client.attachKeyPair(request).getBody());
    directory.forget(credentials, regionId);
    var results = body == null || body.getResults() == null || body.getResults().getResult() == null
        ? List.<AttachKeyPairResponseBody.AttachKeyPairResponseBodyResultsResult>of() : body.getResults().getResult();
    var result = results.stream().filter(r -> instanceId.equals(r.getInstanceId())).findFirst();
    if (result.isEmpty() || !"true".equalsIgnoreCase(result.get().getSuccess())) {
      String code = result.map(AttachKeyPairResponseBody.AttachKeyPairResponseBodyResultsResult::getCode)
          .orElse("NoResult");
      String message = result.map(AttachKeyPairResponseBody.AttachKeyPairResponseBodyResultsResult::getMessage)
          .orElse("ECS answered without a result for " + instanceId);
      throw new CloudApiException("AttachKeyPair", code, 0, message);
    }
  }
}
