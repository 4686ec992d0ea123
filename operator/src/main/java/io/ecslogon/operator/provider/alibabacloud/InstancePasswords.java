package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.models.ModifyInstanceAttributeRequest;

/**
 * The instance's logon password as the ECS console sets it: ModifyInstanceAttribute with Password,
 * over the OpenAPI (HTTPS), without any logon to the instance; ECS applies it when the instance
 * next restarts. The password travels as that call's parameter because that is ECS's API; it is
 * never in a log line or an exception message of this operator's (EcsRequests and
 * CloudApiException carry ECS's code and message, never request parameters).
 */
public class InstancePasswords {
  private final EcsClients clients;
  private final EcsRequests requests;

  public InstancePasswords(EcsClients clients, EcsRequests requests) {
    this.clients = clients;
    this.requests = requests;
  }

  /**
   * Hands {@code password} to ECS for the instance's next start. The caller wipes the chars; the
   * SDK needs a String, which lives only as long as the request.
   *
   * @throws CloudApiException when ECS refuses (InvalidPassword.Malformed, a denied action, an unknown instance)
   */
  public void setAtNextStart(CloudCredentials credentials, String regionId, String instanceId, char[] password) {
    var client = clients.client(credentials, regionId);
    String value = new String(password);
    ModifyInstanceAttributeRequest request = new ModifyInstanceAttributeRequest().setInstanceId(instanceId)
        .setPassword(value);
    try {
      requests.call(credentials.in(regionId), "ModifyInstanceAttribute", () -> client.modifyInstanceAttribute(request));
    } catch (CloudApiException e) {
      // ECS's messages name the parameter, not its value; should one ever quote it, it stops here.
      throw e.getMessage().contains(value) ? e.withoutMessage() : e;
    }
  }
}
