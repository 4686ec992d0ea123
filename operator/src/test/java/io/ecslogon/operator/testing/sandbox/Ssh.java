package io.ecslogon.operator.testing.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real OpenSSH client, for asserting what a person logging on would experience. */
public final class Ssh {
  private Ssh() {}

  /** Runs a remote command as {@code user} with a private key file; BatchMode, so it never prompts. */
  public static ExecResult run(Sandbox sandbox, String user, Path privateKey, String remoteCommand) {
    return run(sandbox.address(), sandbox.port(), user, privateKey, remoteCommand);
  }

  /** As {@link #run(Sandbox, String, Path, String)}, to any address and port: a proxy in front of a sandbox. */
  public static ExecResult run(String address, int port, String user, Path privateKey, String remoteCommand) {
    List<String> command = new ArrayList<>(List.of("ssh", "-i", privateKey.toString(), "-p",
        Integer.toString(port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
        "-o", "IdentitiesOnly=yes", user + "@" + address, remoteCommand));
    return runClient(command, address + ":" + port);
  }

  /**
   * The authentication methods the running sshd offers, as it names them when it refuses a client
   * that tried none ("Permission denied (publickey,password)"): what sshd does now, not what its
   * files say.
   */
  public static List<String> methodsOffered(Sandbox sandbox) {
    // sshd re-executes on reload and refuses connections for a moment: asked again, up to 10 s.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return methodsOfferedOnce(sandbox);
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static List<String> methodsOfferedOnce(Sandbox sandbox) {
    ExecResult refusal = runClient(List.of("ssh", "-p", Integer.toString(sandbox.port()), "-o", "BatchMode=yes",
        "-o", "PreferredAuthentications=none", "-o", "PubkeyAuthentication=no", "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
        "nobody@" + sandbox.address(), "true"), sandbox.toString());
    Matcher denied = Pattern.compile("Permission denied \\(([a-z,-]+)\\)").matcher(refusal.stderr());
    if (!denied.find()) {
      throw new IllegalStateException("sshd of " + sandbox + " named no methods: " + refusal.stderr().strip());
    }
    return List.of(denied.group(1).split(","));
  }

  private static ExecResult runClient(List<String> command, String target) {
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("ssh to " + target + " did not finish in 30 s");
      }
      return new ExecResult(process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** As the sandbox's admin with its admin key. */
  public static ExecResult asAdmin(Sandbox sandbox, String remoteCommand) {
    return run(sandbox, sandbox.adminUser(), sandbox.adminKeyFile(), remoteCommand);
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code user} can log on with {@code password} (sshj password authentication, any host key). */
  public static boolean passwordLogin(Sandbox sandbox, String user, String password) {
    try (net.schmizz.sshj.SSHClient ssh = new net.schmizz.sshj.SSHClient()) {
      ssh.addHostKeyVerifier(new net.schmizz.sshj.transport.verification.PromiscuousVerifier());
      ssh.setConnectTimeout(5_000);
      ssh.setTimeout(15_000);
      ssh.connect(sandbox.address(), sandbox.port());
      ssh.authPassword(user, password);
      return ssh.isAuthenticated();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
