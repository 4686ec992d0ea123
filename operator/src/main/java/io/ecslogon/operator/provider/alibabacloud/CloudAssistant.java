package io.ecslogon.operator.provider.alibabacloud;

import com.aliyun.ecs20140526.models.DescribeCloudAssistantStatusRequest;
import com.aliyun.ecs20140526.models.DescribeCloudAssistantStatusResponseBody;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsRequest;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsResponseBody;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsResponseBody.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult;
import com.aliyun.ecs20140526.models.RunCommandRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a script on an instance through Cloud Assistant, the agent ECS images carry: no SSH, no open
 * port, the way Workbench and OOS reach an instance. Cloud Assistant keeps a command's content and
 * parameters and shows them in DescribeInvocations, so callers pass only public data here, never a
 * secret. The script goes Base64-encoded (ECS decodes it), its output comes back Base64-encoded.
 */
public class CloudAssistant {
  /** Invocation states after which nothing changes any more. */
  private static final Set<String> FINISHED = Set.of("Success", "Failed", "Timeout", "Error", "Invalid", "Aborted",
      "Cancelled", "Terminated", "Stopped");

  private final EcsClients clients;
  private final EcsRequests requests;
  private final Duration pollInterval;

  public CloudAssistant(EcsClients clients, EcsRequests requests, Duration pollInterval) {
    this.clients = clients;
    this.requests = requests;
    this.pollInterval = pollInterval;
  }

  /** What one run came to: Cloud Assistant's status, the exit code, the output (stdout then stderr). */
  public record Invocation(String status, Long exitCode, String output, String errorCode, String errorInfo) {
    public boolean succeeded() {
      return "Success".equals(status) && exitCode != null && exitCode == 0;
    }

    /** For messages: status, exit code and ECS's error, never the output. */
    public String summary() {
      return status + (exitCode == null ? "" : ", exit code " + exitCode)
          + (errorCode == null || errorCode.isBlank() ? "" : ", " + errorCode + ": " + errorInfo);
    }
  }

  /** Whether the agent on the instance is online (DescribeCloudAssistantStatus). */
  public boolean agentRunning(CloudCredentials credentials, String regionId, String instanceId) {
    var client = clients.client(credentials, regionId);
    DescribeCloudAssistantStatusRequest request = new DescribeCloudAssistantStatusRequest()
        .setRegionId(regionId).setInstanceId(List.of(instanceId));
    DescribeCloudAssistantStatusResponseBody body = requests.call(credentials.in(regionId),
        "DescribeCloudAssistantStatus", () -> client.describeCloudAssistantStatus(request).getBody());
    return body != null && body.getInstanceCloudAssistantStatusSet() != null
        && body.getInstanceCloudAssistantStatusSet().getInstanceCloudAssistantStatus() != null
        && body.getInstanceCloudAssistantStatusSet().getInstanceCloudAssistantStatus().stream()
            .anyMatch(status -> instanceId.equals(status.getInstanceId())
                && "true".equalsIgnoreCase(status.getCloudAssistantStatus()));
  }

  /**
   * Runs {@code script} (RunShellScript) as {@code username} and waits for it to finish, polling
   * DescribeInvocationResults, at most {@code timeout} plus a little for the agent to report.
   *
   * @param script public text only: Cloud Assistant stores it
   */
  public Invocation run(CloudCredentials credentials, String regionId, String instanceId, String username, String script,
      Duration timeout) {
    var client = clients.client(credentials, regionId);
    String budget = credentials.in(regionId);
    RunCommandRequest request = new RunCommandRequest()
        .setRegionId(regionId)
        .setType("RunShellScript")
        .setCommandContent(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)))
        .setContentEncoding("Base64")
        .setInstanceId(List.of(instanceId))
        .setUsername(username)
        .setTimeout(timeout.toSeconds());
    String invokeId = requests.call(budget, "RunCommand", () -> client.runCommand(request).getBody().getInvokeId());
    Instant deadline = Instant.now().plus(timeout).plusSeconds(30);
    while (true) {
      Optional<Invocation> finished = result(client, budget, regionId, instanceId, invokeId);
      if (finished.isPresent()) {
        return finished.get();
      }
      if (Instant.now().isAfter(deadline)) {
        return new Invocation("Unknown", null, "", "NoResult", "Cloud Assistant reported no result for " + invokeId
            + " within " + timeout.plusSeconds(30).toSeconds() + " s");
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CloudApiException("DescribeInvocationResults", "Interrupted", 0, "the operator is stopping");
      }
    }
  }

  private Optional<Invocation> result(com.aliyun.ecs20140526.Client client, String budget, String regionId,
      String instanceId, String invokeId) {
    DescribeInvocationResultsRequest request = new DescribeInvocationResultsRequest()
        .setRegionId(regionId).setInvokeId(invokeId).setInstanceId(instanceId).setContentEncoding("Base64");
    DescribeInvocationResultsResponseBody body = requests.call(budget, "DescribeInvocationResults",
        () -> client.describeInvocationResults(request).getBody());
    if (body == null || body.getInvocation() == null || body.getInvocation().getInvocationResults() == null
        || body.getInvocation().getInvocationResults().getInvocationResult() == null) {
      return Optional.empty();
    }
    return body.getInvocation().getInvocationResults().getInvocationResult().stream()
        .filter(result -> instanceId.equals(result.getInstanceId()) && FINISHED.contains(result.getInvocationStatus()))
        .findFirst()
        .map(CloudAssistant::toInvocation);
  }

  private static Invocation toInvocation(DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult result) {
    String output = result.getOutput() == null ? "" : new String(Base64.getDecoder().decode(result.getOutput()),
        StandardCharsets.UTF_8);
    return new Invocation(result.getInvocationStatus(), result.getExitCode(), output, result.getErrorCode(),
        result.getErrorInfo());
  }
}
