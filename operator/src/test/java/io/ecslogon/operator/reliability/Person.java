package io.ecslogon.operator.reliability;

import io.ecslogon.operator.keypair.material.SshKeyGenerator;
import io.ecslogon.operator.keypair.material.SshKeyType;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A person logged on to the instance, editing the files the operator edits, at the same time: a
 * comment added to sshd_config the way an editor saves (a new file renamed over it), their own key
 * appended to the fleet user's authorized_keys the way ssh-copy-id does, a sudoers drop-in of
 * their own. Their edits must never break a file; whether each survived the operator's own writes
 * is counted ({@link #linesLost}) and the edits are taken back afterwards.
 */
final class Person {
  private static final SshKeyGenerator KEYS = new SshKeyGenerator(new SecureRandom());
  static final SshPublicKey KEY = KEYS.generate(SshKeyType.ED25519, 0, "person@desk", null).publicKey();
  private static final String AUTHORIZED_KEYS = "/home/" + Scenarios.FLEET_USER + "/.ssh/authorized_keys";
  private static final String SUDOERS = "/etc/sudoers.d/50-person";

  private final Sandbox sandbox;
  private final List<String> sshdLines = new ArrayList<>();
  private boolean keyAdded;
  private boolean sudoersWritten;

  Person(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** A key no one declared, as a stale image or a colleague leaves behind. */
  static String unknownKeyLine(int run) {
    return KEYS.generate(SshKeyType.ED25519, 0, "left-behind-" + run, null).publicKey().canonical();
  }

  /** Edits for {@code hold}, one edit every 200 ms. */
  void workFor(Duration hold, int run) {
    Instant end = Instant.now().plus(hold);
    int edit = 0;
    while (Instant.now().isBefore(end)) {
      switch (edit % 3) {
        case 0 -> {
          String line = "# person " + run + "-" + edit;
          if (sandbox.exec("sed", "-i", "$a " + line, "/etc/ssh/sshd_config").exitCode() == 0) {
            sshdLines.add(line);
          }
        }
        case 1 -> {
          if (!keyAdded && sandbox.execWithStdin((KEY.canonical() + " person@desk\n").getBytes(StandardCharsets.UTF_8),
              "/bin/sh", "-c", "test -d /home/" + Scenarios.FLEET_USER + "/.ssh && cat >> " + AUTHORIZED_KEYS)
              .exitCode() == 0) {
            keyAdded = true;
          }
        }
        default -> {
          if (!sudoersWritten && sandbox.execWithStdin("Defaults:person !lecture\n".getBytes(StandardCharsets.UTF_8),
              "/bin/sh", "-c", "cat > " + SUDOERS + " && chmod 440 " + SUDOERS).exitCode() == 0) {
            sudoersWritten = true;
          }
        }
      }
      edit++;
      Pause.of(Duration.ofMillis(200));
    }
  }

  /** Of what the person wrote, how many lines are gone now. */
  int linesLost() {
    String sshdConfig = sandbox.exec("cat", "/etc/ssh/sshd_config").stdout();
    int lost = (int) sshdLines.stream().filter(line -> !sshdConfig.contains(line)).count();
    if (keyAdded && !sandbox.exec("cat", AUTHORIZED_KEYS).stdout().contains(KEY.canonical())) {
      lost++;
    }
    if (sudoersWritten && sandbox.exec("test", "-e", SUDOERS).exitCode() != 0) {
      lost++;
    }
    return lost;
  }

  /** The person takes their edits back, so that the next run starts from the operator's state. */
  void undo() {
    sandbox.exec("sed", "-i", "/^# person /d", "/etc/ssh/sshd_config");
    sandbox.exec("sed", "-i", "/person@desk$/d", AUTHORIZED_KEYS);
    sandbox.exec("rm", "-f", SUDOERS);
  }
}
