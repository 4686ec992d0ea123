package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.models.RebootInstanceRequest;

/**
 * Restarts through the ECS OpenAPI: what the console's Restart does, and what still works when
 * nobody can log on to the instance. After asking, the batch's DescribeInstances answer is
 * forgotten, so that the next visit sees the instance Stopping or Starting instead of a Running
 * read before the request.
 */
public class InstancePower {
  private final EcsClients clients;
  private final EcsRequests requests;
  private final InstanceDirectory directory;

  public InstancePower(EcsClients clients, EcsRequests requests, InstanceDirectory directory) {
    this.clients = clients;
    this.requests = requests;
    this.directory = directory;
  }

  /**
   * RebootInstance. With {@code forceStop} the instance is powered off if it does not shut down in
   * time (ECS's ForceStop: data not yet written to disk may be lost), so only when its owner allows it.
   *
   * @throws CloudApiException when ECS refuses (IncorrectInstanceStatus: not Running)
   */
  public void reboot(CloudCredentials credentials, String regionId, String instanceId, boolean forceStop) {
    var client = clients.client(credentials, regionId);
    RebootInstanceRequest request = new RebootInstanceRequest().setInstanceId(instanceId).setForceStop(forceStop);
    requests.call(credentials.in(regionId), "RebootInstance", () -> client.rebootInstance(request));
    directory.forget(credentials, regionId);
  }
}
