package io.ecslogon.operator.testing.ecs;

import io.ecslogon.operator.testing.sandbox.ExecResult;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * RunCommand, DescribeInvocationResults and DescribeInvocations: Cloud Assistant running shell
 * scripts in the sandboxes behind instances. Statuses and error codes are the ones the SDK's
 * model documentation lists (DescribeInvocationResultsResponseBody).
 */
final class CloudAssistant {
  /** ECS keeps at most 24 KB of output and reports the rest as Dropped. */
  static final int OUTPUT_LIMIT = 24 * 1024;
  /** What coreutils timeout(1) exits with when it had to stop the command, by TERM or by KILL. */
  private static final int TIMED_OUT = 124;
  private static final int KILLED = 128 + 9;

  /** One instance's share of an invocation; mutable fields are written by the runner thread only. */
  private static final class Result {
    final String instanceId;
    volatile String status = "Pending";
    volatile String output = "";
    volatile int dropped;
    volatile Long exitCode;
    volatile String errorCode = "";
    volatile String errorInfo = "";
    volatile Instant started;
    volatile Instant finished;

    Result(String instanceId) {
      this.instanceId = instanceId;
    }

    boolean done() {
      return finished != null;
    }
  }

  private record Invocation(String invokeId, String commandId, String regionId, String username, long timeoutSeconds,
      List<Result> results) {}

  private final Inventory inventory;
  private final Executor background;
  private final Clock clock;
  private final Map<String, Invocation> invocations = new ConcurrentHashMap<>();

  CloudAssistant(Inventory inventory, Executor background, Clock clock) {
    this.inventory = inventory;
    this.background = background;
    this.clock = clock;
  }

  Map<String, Object> runCommand(EcsRequest request) {
    String regionId = request.regionId();
    if (!"RunShellScript".equals(request.required("Type"))) {
      throw new EcsApiException(400, "InvalidParameter.Type", "Only RunShellScript is emulated (Linux instances).");
    }
    String script = withParameters(request, decodeContent(request));
    String username = request.optional("Username", "root");
    long timeout = request.integer("Timeout", 60);
    List<String> instanceIds = request.flatList("InstanceId");
    if (instanceIds.isEmpty()) {
      throw EcsApiException.missing("InstanceId.1");
    }
    List<EmulatedInstance> targets = instanceIds.stream().map(inventory::find).toList();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Invocation invocation = new Invocation("t-" + suffix, "c-" + suffix, regionId, username, timeout,
        targets.stream().map(i -> new Result(i.instanceId())).toList());
    invocations.put(invocation.invokeId(), invocation);
    for (int i = 0; i < targets.size(); i++) {
      EmulatedInstance target = targets.get(i);
      Result result = invocation.results().get(i);
      background.execute(() -> run(target, result, script, username, timeout));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("CommandId", invocation.commandId());
    body.put("InvokeId", invocation.invokeId());
    return body;
  }

  private static String decodeContent(EcsRequest request) {
    String content = request.required("CommandContent");
    String encoding = request.optional("ContentEncoding", "PlainText");
    switch (encoding) {
      case "PlainText":
        return content;
      case "Base64":
        try {
          return new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new EcsApiException(400, "InvalidParameter.CommandContent", "CommandContent is not valid Base64.");
        }
      default:
        throw new EcsApiException(400, "InvalidParameter.ContentEncoding", "ContentEncoding must be PlainText or Base64.");
    }
  }

  /** With EnableParameter, {{name}} in the script is replaced by the value given in Parameters. */
  private static String withParameters(EcsRequest request, String script) {
    if (!request.flag("EnableParameter")) {
      return script;
    }
    String result = script;
    for (Map.Entry<String, Object> parameter : request.jsonObject("Parameters").entrySet()) {
      result = result.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
    }
    return result;
  }

  private void run(EmulatedInstance instance, Result result, String script, String username, long timeout) {
    result.started = now();
    try {
      runInSandbox(instance, result, script, username, timeout);
    } catch (RuntimeException e) {
      finish(result, "Error", null, "ExecutionException", e.toString());
    }
  }

  private void runInSandbox(EmulatedInstance instance, Result result, String script, String username, long timeout) {
    Sandbox sandbox = instance.sandbox();
    if (!"Running".equals(instance.status())) {
      finish(result, "Failed", null, "InstanceNotRunning", "The instance was not running.");
      return;
    }
    if (!instance.cloudAssistantOnline()) {
      finish(result, "Failed", null, "ClientNotRunning", "Cloud Assistant Agent was not running.");
      return;
    }
    if (sandbox.exec("id", "-u", username).exitCode() != 0) {
      finish(result, "Failed", null, "AccountNotExists", "The user " + username + " does not exist.");
      return;
    }
    result.status = "Running";
    // timeout(1) signals the whole process group, so children such as `sleep` die with the shell.
    ExecResult exec = sandbox.execWithStdin(script.getBytes(StandardCharsets.UTF_8),
        "timeout", "--kill-after=2", Long.toString(timeout), "runuser", "-u", username, "--", "/bin/sh", "-s");
    keepOutput(result, exec.stdout() + exec.stderr());
    if (exec.exitCode() == TIMED_OUT || exec.exitCode() == KILLED) {
      finish(result, "Timeout", null, "ExecutionTimeout", "The execution timed out after " + timeout + " s.");
    } else if (exec.exitCode() == 0) {
      finish(result, "Success", 0L, "", "");
    } else {
      finish(result, "Failed", (long) exec.exitCode(), "ExitCodeNonzero", "The exit code was " + exec.exitCode() + ".");
    }
  }

  private static void keepOutput(Result result, String output) {
    byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
    int kept = Math.min(bytes.length, OUTPUT_LIMIT);
    result.output = new String(bytes, 0, kept, StandardCharsets.UTF_8);
    result.dropped = bytes.length - kept;
  }

  private void finish(Result result, String status, Long exitCode, String errorCode, String errorInfo) {
    result.exitCode = exitCode;
    result.errorCode = errorCode;
    result.errorInfo = errorInfo;
    result.status = status;
    result.finished = now();
  }

  Map<String, Object> describeInvocationResults(EcsRequest request) {
    String regionId = request.regionId();
    String invokeId = request.optional("InvokeId");
    String instanceId = request.optional("InstanceId");
    boolean base64 = base64Output(request);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Invocation invocation : invocations.values()) {
      if (!invocation.regionId().equals(regionId) || (invokeId != null && !invokeId.equals(invocation.invokeId()))) {
        continue;
      }
      for (Result result : invocation.results()) {
        if (instanceId == null || instanceId.equals(result.instanceId)) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("InvokeId", invocation.invokeId());
          row.put("CommandId", invocation.commandId());
          row.put("InstanceId", result.instanceId);
          row.put("Username", invocation.username());
          row.put("InvocationStatus", result.status);
          row.put("InvokeRecordStatus", recordStatus(List.of(result)));
          putCommon(row, result, base64);
          row.put("FinishedTime", timestamp(result.finished));
          rows.add(row);
        }
      }
    }
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("InvocationResults", Map.of("InvocationResult", rows));
    page.put("TotalCount", rows.size());
    page.put("PageNumber", 1);
    page.put("PageSize", Math.max(rows.size(), 1));
    return Map.of("Invocation", page);
  }

  Map<String, Object> describeInvocations(EcsRequest request) {
    String regionId = request.regionId();
    String invokeId = request.optional("InvokeId");
    String instanceId = request.optional("InstanceId");
    boolean base64 = base64Output(request);
    boolean includeOutput = request.flag("IncludeOutput");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Invocation invocation : invocations.values()) {
      if (!invocation.regionId().equals(regionId) || (invokeId != null && !invokeId.equals(invocation.invokeId()))
          || (instanceId != null && invocation.results().stream().noneMatch(r -> r.instanceId.equals(instanceId)))) {
        continue;
      }
      List<Map<String, Object>> perInstance = new ArrayList<>();
      for (Result result : invocation.results()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("InstanceId", result.instanceId);
        row.put("InvocationStatus", result.status);
        row.put("InstanceInvokeStatus", result.done() ? "Finished" : "Running");
        putCommon(row, result, base64);
        if (!includeOutput) {
          row.remove("Output");
        }
        row.put("FinishTime", timestamp(result.finished));
        perInstance.add(row);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("InvokeId", invocation.invokeId());
      row.put("CommandId", invocation.commandId());
      row.put("CommandType", "RunShellScript");
      row.put("Username", invocation.username());
      row.put("Timeout", invocation.timeoutSeconds());
      row.put("InvocationStatus", overallStatus(invocation.results()));
      row.put("InvokeStatus", recordStatus(invocation.results()));
      row.put("InvokeInstances", Map.of("InvokeInstance", perInstance));
      rows.add(row);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Invocations", Map.of("Invocation", rows));
    body.put("TotalCount", rows.size());
    body.put("PageNumber", 1);
    body.put("PageSize", Math.max(rows.size(), 1));
    return body;
  }

  private static void putCommon(Map<String, Object> row, Result result, boolean base64) {
    String output = result.output;
    row.put("Output", base64 ? Base64.getEncoder().encodeToString(output.getBytes(StandardCharsets.UTF_8)) : output);
    row.put("Dropped", result.dropped);
    row.put("ExitCode", result.exitCode);
    row.put("ErrorCode", result.errorCode);
    row.put("ErrorInfo", result.errorInfo);
    row.put("Repeats", 1);
    row.put("StartTime", timestamp(result.started));
  }

  /** The docs make Base64 the default Output encoding; PlainText gives the raw text. */
  private static boolean base64Output(EcsRequest request) {
    return !"PlainText".equals(request.optional("ContentEncoding", "Base64"));
  }

  /** InvokeRecordStatus / InvokeStatus: Running until every instance is done, then Finished, Failed or PartialFailed. */
  private static String recordStatus(List<Result> results) {
    if (results.stream().anyMatch(r -> !r.done())) {
      return "Running";
    }
    long failed = results.stream().filter(r -> !"Success".equals(r.status)).count();
    return failed == 0 ? "Finished" : failed == results.size() ? "Failed" : "PartialFailed";
  }

  /** The overall InvocationStatus of DescribeInvocations. */
  private static String overallStatus(List<Result> results) {
    if (results.size() == 1) {
      return results.get(0).status;
    }
    String record = recordStatus(results);
    return "Finished".equals(record) ? "Success" : record;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String timestamp(Instant instant) {
    return instant == null ? "" : instant.toString();
  }
}
