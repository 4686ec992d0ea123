package io.ecslogon.operator.testing.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.AttachKeyPairRequest;
import com.aliyun.ecs20140526.models.DescribeCloudAssistantStatusRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsRequest;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsResponseBody.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult;
import com.aliyun.ecs20140526.models.ImportKeyPairRequest;
import com.aliyun.ecs20140526.models.ModifyInstanceAttributeRequest;
import com.aliyun.ecs20140526.models.RebootInstanceRequest;
import com.aliyun.ecs20140526.models.RunCommandRequest;
import com.aliyun.teaopenapi.models.Config;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.SandboxExtension;
import io.ecslogon.operator.testing.sandbox.Ssh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The emulator with a real sandbox behind an instance: reboots, Cloud Assistant commands and passwords are real. */
class EcsEmulatorIT {
  private static final String REGION = "cn-hangzhou";
  private static final Set<String> FINAL_STATUSES = Set.of("Success", "Failed", "Timeout", "Error");

  @RegisterExtension
  static SandboxExtension sandboxes = SandboxExtension.with().root("vm").build();

  private EcsEmulator ecs;
  private Client client;
  private Sandbox vm;

  @BeforeEach
  void start() throws Exception {
    vm = sandboxes.get("vm");
    ecs = EcsEmulator.start("AK", "SECRET");
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-vm", vm.address()).backedBy(vm));
    client = new Client(new Config().setAccessKeyId("AK").setAccessKeySecret("SECRET")
        .setEndpoint(ecs.endpoint()).setProtocol("HTTP").setRegionId(REGION));
  }

  @AfterEach
  void stop() {
    ecs.close();
  }

  @Test
  void rebootInstanceRebootsTheSandbox() throws Exception {
    String bootBefore = vm.bootId();

    client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-vm"));

    awaitRunning();
    assertThat(vm.bootId()).isNotEqualTo(bootBefore);
  }

  @Test
  void runCommandRunsTheScriptAsTheUserAndReportsBase64OutputAndExitCode() throws Exception {
    vm.sh("id -u alice >/dev/null 2>&1 || useradd --create-home alice").orThrow("useradd");
    var status = client.describeCloudAssistantStatus(new DescribeCloudAssistantStatusRequest().setRegionId(REGION)
        .setInstanceId(List.of("i-vm"))).getBody().getInstanceCloudAssistantStatusSet().getInstanceCloudAssistantStatus();
    assertThat(status).singleElement().satisfies(s -> assertThat(s.getCloudAssistantStatus()).isEqualTo("true"));
    String script = "echo \"user=$(id -un)\"\necho 'to stderr' >&2\nexit 3\n";

    var result = awaitResult(runCommand(Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8)),
        "alice", 60));

    assertThat(result.getInvocationStatus()).isEqualTo("Failed");
    assertThat(result.getErrorCode()).isEqualTo("ExitCodeNonzero");
    assertThat(result.getExitCode()).isEqualTo(3L);
    assertThat(new String(Base64.getDecoder().decode(result.getOutput()), StandardCharsets.UTF_8))
        .contains("user=alice", "to stderr");

    var asRoot = awaitResult(runCommand(Base64.getEncoder().encodeToString("id -u".getBytes(StandardCharsets.UTF_8)),
        null, 60));
    assertThat(asRoot.getInvocationStatus()).isEqualTo("Success");
    assertThat(asRoot.getExitCode()).isZero();
    assertThat(new String(Base64.getDecoder().decode(asRoot.getOutput()), StandardCharsets.UTF_8).strip()).isEqualTo("0");
  }

  @Test
  void aCommandRunningPastItsTimeoutIsKilled() throws Exception {
    String script = Base64.getEncoder().encodeToString("sleep 100\n".getBytes(StandardCharsets.UTF_8));
    long started = System.nanoTime();

    var result = awaitResult(runCommand(script, null, 2));

    assertThat(result.getInvocationStatus()).isEqualTo("Timeout");
    assertThat(result.getErrorCode()).isEqualTo("ExecutionTimeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(vm.exec("pgrep", "-x", "-f", "sleep 100").exitCode()).as("no sleep left behind").isNotZero();
  }

  @Test
  void aNewPasswordReachesRootsShadowEntryAtTheNextReboot() throws Exception {
    String hashBefore = rootHash();

    client.modifyInstanceAttribute(new ModifyInstanceAttributeRequest().setInstanceId("i-vm").setPassword("Emul8tor(pw)"));
    assertThat(rootHash()).as("not before the reboot").isEqualTo(hashBefore);
    client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-vm"));

    awaitRunning();
    assertThat(rootHash()).isNotEqualTo(hashBefore).startsWith("$");
  }

  @Test
  void anAttachedKeyPairBecomesRootsOnlyKeyAndEndsPasswordLoginsAtTheNextReboot(@TempDir Path dir) throws Exception {
    OpenSshTools.sshKeygen("-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "ecs@emulator", "-f",
        dir.resolve("ecs").toString());
    String publicKey = Files.readString(dir.resolve("ecs.pub")).strip();
    vm.sh("printf 'PermitRootLogin yes\\nPasswordAuthentication yes\\n' > /etc/ssh/sshd_config.d/01-test.conf"
        + " && echo 'root:Emul8tor(pw)' | chpasswd && /etc/init.d/ssh reload").orThrow("root password logins");
    // sshd re-executes on reload: a login at that moment may meet no listener yet.
    Awaitility.await("a root password login before").atMost(Duration.ofSeconds(15))
        .until(() -> Ssh.passwordLogin(vm, "root", "Emul8tor(pw)"));
    client.importKeyPair(new ImportKeyPairRequest().setRegionId(REGION).setKeyPairName("ecs-rsa")
        .setPublicKeyBody(publicKey));

    client.attachKeyPair(new AttachKeyPairRequest().setRegionId(REGION).setKeyPairName("ecs-rsa")
        .setInstanceIds("[\"i-vm\"]"));
    assertThat(Ssh.run(vm, "root", dir.resolve("ecs"), "true").exitCode()).as("not before the reboot").isNotZero();
    client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-vm"));
    awaitRunning();

    assertThat(vm.exec("cat", "/root/.ssh/authorized_keys").stdout().strip()).isEqualTo(publicKey);
    assertThat(Ssh.run(vm, "root", dir.resolve("ecs"), "id -un").stdout().strip()).isEqualTo("root");
    assertThat(vm.exec("cat", "/etc/ssh/sshd_config.d/50-cloud-init.conf").stdout())
        .contains("PasswordAuthentication no");
    vm.sh("rm /etc/ssh/sshd_config.d/01-test.conf && /etc/init.d/ssh reload").orThrow("the test's own drop-in");
    assertThat(Ssh.passwordLogin(vm, "root", "Emul8tor(pw)")).as("password logins off").isFalse();
  }

  private String runCommand(String base64Script, String username, long timeoutSeconds) throws Exception {
    return client.runCommand(new RunCommandRequest().setRegionId(REGION).setType("RunShellScript")
        .setContentEncoding("Base64").setCommandContent(base64Script).setUsername(username)
        .setTimeout(timeoutSeconds).setInstanceId(List.of("i-vm"))).getBody().getInvokeId();
  }

  private DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult awaitResult(String invokeId) {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> client.describeInvocationResults(new DescribeInvocationResultsRequest().setRegionId(REGION)
                .setInvokeId(invokeId).setContentEncoding("Base64")).getBody().getInvocation().getInvocationResults()
                .getInvocationResult().get(0),
            result -> FINAL_STATUSES.contains(result.getInvocationStatus()));
  }

  private void awaitRunning() {
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> client.describeInstances(new DescribeInstancesRequest().setRegionId(REGION)).getBody()
            .getInstances().getInstance().get(0).getStatus(), "Running"::equals);
  }

  private String rootHash() {
    return vm.sh("getent shadow root | cut -d: -f2").orThrow("read shadow").stdout().strip();
  }
}
