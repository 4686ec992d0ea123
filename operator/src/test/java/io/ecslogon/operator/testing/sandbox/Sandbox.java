package io.ecslogon.operator.testing.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One sandboxed instance: real sshd on 127.0.0.1:{@link #port()} in its own namespaces (see
 * docs/sandbox.md). Its admin key is generated when it is created and read from its state
 * directory; nothing of it is ever committed.
 */
public final class Sandbox {
  private final SandboxScript script;
  private final String name;
  private final int port;
  private final String adminUser;

  Sandbox(SandboxScript script, String name, int port, String adminUser) {
    this.script = script;
    this.name = name;
    this.port = port;
    this.adminUser = adminUser;
  }

  /**
   * A sandbox hack/sandbox.sh already created under {@code stateRoot} (the quickstart's, say): its
   * port and admin user read from its state directory.
   */
  public static Sandbox existing(Path stateRoot, String name) {
    Path state = stateRoot.resolve(name);
    try {
      return new Sandbox(new SandboxScript(stateRoot), name,
          Integer.parseInt(Files.readString(state.resolve("port"), StandardCharsets.UTF_8).strip()),
          Files.readString(state.resolve("admin_user"), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("no sandbox " + name + " under " + stateRoot, e);
    }
  }

  public String name() {
    return name;
  }

  public String address() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public String adminUser() {
    return adminUser;
  }

  public Path stateDir() {
    return script.stateRoot().resolve(name);
  }

  /**
   * The directory holding the sandbox's private files (its /etc, /home, /root ...): on a small disk
   * of its own when made with {@link SandboxExtension.Builder#onSmallDisks(String)}. A file put
   * here directly is outside every directory the instance sees, yet takes space on its disk.
   */
  public Path diskDir() {
    return stateDir().resolve("fs");
  }

  public Path adminKeyFile() {
    return stateDir().resolve("admin_key");
  }

  public String adminPrivateKey() {
    return read("admin_key");
  }

  public String adminPublicKey() {
    return read("admin_key.pub").strip();
  }

  /** SHA256 fingerprint of the sandbox's ed25519 host key, as ssh-keygen -l prints it. */
  public String hostKeyFingerprint() {
    return read("host_key_fingerprint").strip();
  }

  public void create() {
    script.run(List.of("create", name, "--port", Integer.toString(port), "--admin", adminUser), null)
        .orThrow("sandbox create " + name);
  }

  /** Boots the sandbox (creating it first if needed) and returns once sshd answers. */
  public void start() {
    script.run(List.of("start", name, "--port", Integer.toString(port), "--admin", adminUser), null)
        .orThrow("sandbox start " + name);
  }

  public void stop() {
    script.run(List.of("stop", name), null).orThrow("sandbox stop " + name);
  }

  public void destroy() {
    script.run(List.of("destroy", name), null).orThrow("sandbox destroy " + name);
  }

  /** Asks for a reboot as `reboot` inside would; sshd is back after the reboot delay. */
  public void reboot() {
    script.run(List.of("reboot", name), null).orThrow("sandbox reboot " + name);
  }

  public boolean isRunning() {
    return script.run(List.of("status", name), null).stdout().contains(" running ");
  }

  /** Runs a command inside the sandbox as root (no shell unless you ask for one). */
  public ExecResult exec(String... argv) {
    return execWithStdin(null, argv);
  }

  public ExecResult execWithStdin(byte[] stdin, String... argv) {
    List<String> arguments = new ArrayList<>(List.of("exec", name, "--"));
    arguments.addAll(List.of(argv));
    return script.run(arguments, stdin);
  }

  /** A shell snippet run inside the sandbox; for tests only, with constant text. */
  public ExecResult sh(String snippet) {
    return exec("/bin/sh", "-c", snippet);
  }

  public String bootId() {
    return exec("cat", "/proc/sys/kernel/random/boot_id").orThrow("read boot id").stdout().strip();
  }

  /** The process ID, inside the sandbox, of the listening sshd. */
  public String sshdPid() {
    return exec("cat", "/run/sshd.pid").orThrow("read sshd pid").stdout().strip();
  }

  /** sshd writes every connection and authentication to /var/log/sshd-verbose.log from now on. */
  public void logConnectionsVerbosely() {
    logSshdAt("VERBOSE");
  }

  /**
   * Like {@link #logConnectionsVerbosely()}, at {@code level} (a LogLevel constant such as DEBUG3,
   * where sshd also says what key exchange agreed on).
   */
  public void logSshdAt(String level) {
    sh("echo 'SSHD_OPTS=\"-E /var/log/sshd-verbose.log -o LogLevel=" + level + "\"' > /etc/default/ssh"
        + " && : > /var/log/sshd-verbose.log && service ssh restart").orThrow("sshd logging at " + level);
  }

  /**
   * Restarts sshd with {@code lines} in a drop-in read before every other one (first match wins), in
   * place of the previous call's; the restart, and this, fail when {@code sshd -t} refuses them.
   */
  public void restartSshdWith(String... lines) {
    execWithStdin((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), "/bin/sh", "-c",
        "cat > /etc/ssh/sshd_config.d/00-test.conf && service ssh restart").orThrow("sshd with " + List.of(lines));
  }

  /** What sshd logged since {@link #logConnectionsVerbosely()}. */
  public String sshdLog() {
    return exec("cat", "/var/log/sshd-verbose.log").orThrow("read sshd log").stdout();
  }

  private String read(String file) {
    try {
      return Files.readString(stateDir().resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("sandbox " + name + " has no " + file + " (not created yet?)", e);
    }
  }

  @Override
  public String toString() {
    return "sandbox " + name + " (" + address() + ":" + port + ", admin " + adminUser + ")";
  }
}
