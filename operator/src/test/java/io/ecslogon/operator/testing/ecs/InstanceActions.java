package io.ecslogon.operator.testing.ecs;

import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * DescribeInstances, RebootInstance, ModifyInstanceAttribute and DescribeCloudAssistantStatus; the
 * reboot applies what waits for the next start (a password, an attached key pair).
 */
final class InstanceActions {
  /** How long an instance without a sandbox stays in each of Stopping and Starting. */
  static final Duration TRANSITION_STEP = Duration.ofMillis(300);
  private static final Duration SANDBOX_BOOT_LIMIT = Duration.ofSeconds(60);

  private final Inventory inventory;
  private final Executor background;

  InstanceActions(Inventory inventory, Executor background) {
    this.inventory = inventory;
    this.background = background;
  }

  Map<String, Object> describeInstances(EcsRequest request) {
    String regionId = request.regionId();
    List<String> ids = request.jsonArray("InstanceIds", "InvalidInstanceIds.MalFormed");
    if (ids.size() > 100) {
      throw new EcsApiException(400, "InvalidParameter", "The specified parameter \"InstanceIds\" holds more than 100 IDs.");
    }
    int pageSize = request.integer("PageSize", 10);
    int pageNumber = request.integer("PageNumber", 1);
    if (pageSize < 1 || pageSize > 100 || pageNumber < 1) {
      throw new EcsApiException(400, "InvalidParameter", "PageSize must be 1 to 100 and PageNumber at least 1.");
    }
    List<EmulatedInstance> matching = inventory.inRegion(regionId).stream()
        .filter(i -> ids.isEmpty() || ids.contains(i.instanceId())).toList();
    List<Map<String, Object>> page = matching.stream()
        .skip((long) (pageNumber - 1) * pageSize).limit(pageSize).map(InstanceActions::describe).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Instances", Map.of("Instance", page));
    body.put("TotalCount", matching.size());
    body.put("PageNumber", pageNumber);
    body.put("PageSize", pageSize);
    return body;
  }

  private static Map<String, Object> describe(EmulatedInstance instance) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InstanceId", instance.instanceId());
    out.put("RegionId", instance.regionId());
    out.put("Status", instance.status());
    out.put("OSType", instance.osType());
    out.put("InstanceNetworkType", "vpc");
    out.put("VpcAttributes", Map.of("PrivateIpAddress", Map.of("IpAddress", listOf(instance.privateIp()))));
    out.put("PublicIpAddress", Map.of("IpAddress", listOf(instance.publicIp())));
    // EipAddress.IpAddress is one string, not a list; ECS sends "" when there is none.
    out.put("EipAddress", Map.of("IpAddress", instance.eip() == null ? "" : instance.eip()));
    out.put("KeyPairName", instance.keyPairName() == null ? "" : instance.keyPairName());
    return out;
  }

  private static List<String> listOf(String value) {
    return value == null ? List.of() : List.of(value);
  }

  Map<String, Object> rebootInstance(EcsRequest request) {
    EmulatedInstance instance = inventory.find(request.required("InstanceId"));
    synchronized (instance) {
      if (!"Running".equals(instance.status())) {
        throw incorrectStatus(instance);
      }
      instance.setStatus("Stopping");
    }
    background.execute(() -> reboot(instance));
    return new LinkedHashMap<>();
  }

  private void reboot(EmulatedInstance instance) {
    try {
      Sandbox sandbox = instance.sandbox();
      if (sandbox == null) {
        Thread.sleep(TRANSITION_STEP.toMillis());
        instance.setStatus("Starting");
        Thread.sleep(TRANSITION_STEP.toMillis());
        instance.setPendingPassword(null);
        instance.setPendingKeyPair(null);
      } else {
        String bootBefore = sandbox.bootId();
        sandbox.reboot();
        instance.setStatus("Starting");
        awaitNewBoot(sandbox, bootBefore);
        applyPendingPassword(instance, sandbox);
        applyPendingKeyPair(instance, sandbox);
      }
      instance.setStatus("Running");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // An instance that did not come back is Stopped on ECS too; tests see it in DescribeInstances.
      System.err.println("ecs emulator: reboot of " + instance + " failed: " + e);
      instance.setStatus("Stopped");
    }
  }

  private static void awaitNewBoot(Sandbox sandbox, String bootBefore) throws InterruptedException {
    Instant deadline = Instant.now().plus(SANDBOX_BOOT_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      // A new boot ID alone can be read while the new init is still being set up (before its own
      // boot ID is mounted, the host's shows); sshd started means the boot is done with that.
      String bootId = sandbox.isRunning() ? bootIdOrNull(sandbox) : null;
      if (bootId != null && !bootBefore.equals(bootId) && sshdStarted(sandbox)
          && bootId.equals(bootIdOrNull(sandbox))) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(sandbox + " did not boot again within " + SANDBOX_BOOT_LIMIT);
  }

  private static boolean sshdStarted(Sandbox sandbox) {
    try {
      return sandbox.exec("test", "-s", "/run/sshd.pid").exitCode() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Between "running" and a usable PID 1 the exec can still fail; that only means "not yet". */
  private static String bootIdOrNull(Sandbox sandbox) {
    try {
      return sandbox.bootId();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** chpasswd reads "user:password" on stdin, so the password never shows in a process list. */
  private static void applyPendingPassword(EmulatedInstance instance, Sandbox sandbox) {
    String password = instance.pendingPassword();
    if (password == null) {
      return;
    }
    sandbox.execWithStdin(("root:" + password + "\n").getBytes(StandardCharsets.UTF_8), "chpasswd")
        .orThrow("chpasswd in " + sandbox);
    instance.setPendingPassword(null);
  }

  /**
   * What ECS's boot does with an attached key pair (cloud-init on real images): root's
   * authorized_keys holds that key alone, and password logins are off, in the drop-in cloud images
   * ship. The key travels on stdin; sshd, started by the boot, is told with a reload once it runs.
   */
  private static void applyPendingKeyPair(EmulatedInstance instance, Sandbox sandbox) {
    String publicKey = instance.pendingKeyPair();
    if (publicKey == null) {
      return;
    }
    sandbox.execWithStdin((publicKey + "\n").getBytes(StandardCharsets.UTF_8), "/bin/sh", "-c",
        "umask 077 && mkdir -p /root/.ssh && cat > /root/.ssh/authorized_keys"
            + " && printf 'PasswordAuthentication no\\n' > /etc/ssh/sshd_config.d/50-cloud-init.conf"
            + " && i=0 && while [ ! -s /run/sshd.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done"
            + " && /etc/init.d/ssh reload >/dev/null")
        .orThrow("key pair of " + instance.instanceId() + " in " + sandbox);
    instance.setPendingKeyPair(null);
  }

  Map<String, Object> modifyInstanceAttribute(EcsRequest request) {
    EmulatedInstance instance = inventory.find(request.required("InstanceId"));
    String password = request.optional("Password");
    if (password != null) {
      if (!EcsPasswordRule.accepts(password)) {
        throw new EcsApiException(400, "InvalidPassword.Malformed",
            "The specified parameter \"Password\" is not valid: 8 to 30 characters of at least three kinds.");
      }
      // As on ECS, a new password takes effect only when the instance restarts.
      instance.setPendingPassword(password);
    }
    return new LinkedHashMap<>();
  }

  Map<String, Object> describeCloudAssistantStatus(EcsRequest request) {
    String regionId = request.regionId();
    List<Map<String, Object>> statuses = new ArrayList<>();
    for (String id : request.flatList("InstanceId")) {
      EmulatedInstance instance = inventory.findOrNull(id);
      if (instance != null && instance.regionId().equals(regionId)) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("InstanceId", id);
        status.put("CloudAssistantStatus", Boolean.toString(instance.cloudAssistantOnline()));
        status.put("OSType", "Linux");
        statuses.add(status);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("InstanceCloudAssistantStatusSet", Map.of("InstanceCloudAssistantStatus", statuses));
    body.put("TotalCount", statuses.size());
    body.put("PageNumber", 1);
    body.put("PageSize", Math.max(statuses.size(), 1));
    return body;
  }

  static EcsApiException incorrectStatus(EmulatedInstance instance) {
    return new EcsApiException(403, "IncorrectInstanceStatus",
        "The current status of the resource does not support this operation: " + instance.status());
  }
}
