package io.ecslogon.operator.ecsinstance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host key picked from what ssh-keygen prints on the instance, and the script's quoting. */
class OperatorKeyInstallTest {
  @TempDir
  Path dir;

  @Test
  void picksTheEd25519HostKeyAsSshKeygenPrintsIt() throws Exception {
    String rsa = fingerprintLine("rsa");
    String ecdsa = fingerprintLine("ecdsa");
    String ed25519 = fingerprintLine("ed25519");

    String output = rsa + ecdsa + ed25519;

    assertThat(OperatorKeyInstall.hostKey(output)).contains(ed25519.split(" ")[1]);
    assertThat(OperatorKeyInstall.hostKey(rsa + ecdsa)).contains(ecdsa.split(" ")[1]);
    assertThat(OperatorKeyInstall.hostKey(rsa)).contains(rsa.split(" ")[1]);
    assertThat(OperatorKeyInstall.hostKey("no such file\n")).isEmpty();
  }

  @Test
  void theKeyIsOneQuotedWordOfTheScript() {
    String script = OperatorKeyInstall.script("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ ecs-logon-operator");
    assertThat(script).contains("key='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ ecs-logon-operator'")
        .contains("grep -qxF \"$key\"").contains("printf '%s\\n' \"$key\"");
  }

  private String fingerprintLine(String type) throws IOException, InterruptedException {
    Path key = dir.resolve("ssh_host_" + type + "_key");
    run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "root@host", "-f", key.toString());
    return run("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub");
  }

  private static String run(String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", argv) + ": " + output).isZero();
    return output;
  }
}
