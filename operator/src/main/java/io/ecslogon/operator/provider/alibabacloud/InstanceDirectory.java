package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody.DescribeInstancesResponseBodyInstancesInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instances looked up by ID, in batches: a visit asks for its own instance and names every ID of
 * its batch (same region and credentials); if no answer younger than the settings' maximum age
 * covers it, one DescribeInstances per 100 IDs fetches the whole batch, and every other visit of
 * the batch within that age reads the same answer. Visits of one batch wait for a fetch under way
 * rather than start their own. So a fleet costs ECS about one call per 100 instances per maximum
 * age, not one per instance per resync.
 */
public class InstanceDirectory {
  /** DescribeInstances takes at most 100 IDs per call. */
  static final int IDS_PER_CALL = 100;

  private final EcsClients clients;
  private final EcsRequests requests;
  private final Clock clock;
  private final Map<String, Batch> batches = new ConcurrentHashMap<>();

  public InstanceDirectory(EcsClients clients, EcsRequests requests, Clock clock) {
    this.clients = clients;
    this.requests = requests;
    this.clock = clock;
  }

  /**
   * What ECS says about {@code instanceId}; empty if ECS does not know it in that region.
   *
   * @param batchIds every instance ID known in this region for these credentials (the visit's own
   *     included or not): fetched together
   * @throws CloudApiException when ECS cannot be asked
   */
  public Optional<CloudInstance> describe(CloudCredentials credentials, String regionId, String instanceId,
      Set<String> batchIds) {
    String key = credentials.in(regionId);
    Batch batch = batches.computeIfAbsent(key, k -> new Batch());
    synchronized (batch) {
      Instant now = clock.instant();
      if (batch.answer == null || !batch.answer.covers(instanceId, now, clients.settings().describeMaxAge())) {
        Set<String> ids = new TreeSet<>(batchIds);
        ids.add(instanceId);
        batch.answer = fetch(credentials, regionId, key, ids, now);
      }
      return Optional.ofNullable(batch.answer.instances().get(instanceId));
    }
  }

  /** Forgets what ECS said about this batch: the next visit asks again (after a reboot, say). */
  public void forget(CloudCredentials credentials, String regionId) {
    batches.remove(credentials.in(regionId));
  }

  private Answer fetch(CloudCredentials credentials, String regionId, String budgetKey, Set<String> ids, Instant now) {
    var client = clients.client(credentials, regionId);
    Map<String, CloudInstance> found = new HashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += IDS_PER_CALL) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_CALL));
      DescribeInstancesRequest request = new DescribeInstancesRequest()
          .setRegionId(regionId)
          .setInstanceIds(EcsParameters.jsonArray(chunk))
          .setPageSize(IDS_PER_CALL);
      DescribeInstancesResponseBody body = requests.call(budgetKey, "DescribeInstances",
          () -> client.describeInstances(request).getBody());
      if (body != null && body.getInstances() != null && body.getInstances().getInstance() != null) {
        for (DescribeInstancesResponseBodyInstancesInstance instance : body.getInstances().getInstance()) {
          found.put(instance.getInstanceId(), toCloudInstance(instance, regionId));
        }
      }
    }
    return new Answer(now, Set.copyOf(ids), Map.copyOf(found));
  }

  static CloudInstance toCloudInstance(DescribeInstancesResponseBodyInstancesInstance instance, String regionId) {
    String privateIp = instance.getVpcAttributes() == null || instance.getVpcAttributes().getPrivateIpAddress() == null
        ? null : first(instance.getVpcAttributes().getPrivateIpAddress().getIpAddress());
    String publicIp = instance.getPublicIpAddress() == null ? null
        : first(instance.getPublicIpAddress().getIpAddress());
    String eip = instance.getEipAddress() == null ? null : instance.getEipAddress().getIpAddress();
    String keyPairName = instance.getKeyPairName();
    return new CloudInstance(instance.getInstanceId(), regionId, instance.getStatus(), instance.getOSType(), privateIp,
        publicIp, blankAsNull(eip), blankAsNull(keyPairName));
  }

  /** ECS sends "" for an EIP or key pair the instance does not have. */
  private static String blankAsNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String first(List<String> addresses) {
    return addresses == null || addresses.isEmpty() ? null : addresses.get(0);
  }

  private static final class Batch {
    private Answer answer;
  }

  private record Answer(Instant fetchedAt, Set<String> asked, Map<String, CloudInstance> instances) {
    boolean covers(String instanceId, Instant now, Duration maxAge) {
      return asked.contains(instanceId) && fetchedAt.plus(maxAge).isAfter(now);
    }
  }
}
