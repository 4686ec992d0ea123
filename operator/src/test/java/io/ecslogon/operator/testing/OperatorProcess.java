package io.ecslogon.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shipped runnable jar as its own process, for what an in-JVM operator cannot show: a crash.
 * {@link #kill()} is SIGKILL, so nothing of the operator gets to clean up or finish a step.
 */
public final class OperatorProcess {
  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static OperatorProcess start(ControlPlaneExtension controlPlane, Path workDir, String name) {
    return start(controlPlane.kubeconfigYaml(), workDir, name, Map.of());
  }

  /**
   * With a kubeconfig of its own (another user, or an address in front of the API server) and
   * settings on top of the test defaults (resync 2 s, metrics on a free port).
   */
  public static OperatorProcess start(String kubeconfigYaml, Path workDir, String name, Map<String, String> env) {
    Path jar = runnableJar();
    try {
      Path kubeconfig = workDir.resolve(name + ".kubeconfig");
      Files.writeString(kubeconfig, kubeconfigYaml);
      Path log = workDir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", jar.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("ECSLOGON_RESYNC_INTERVAL", "2s");
      builder.environment().put("ECSLOGON_METRICS_PORT", "0");
      builder.environment().putAll(env);
      Process process = builder.start();
      // A test JVM that dies (a killed mvn) must not leave operators running against its sandboxes.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
      return new OperatorProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path runnableJar() {
    Path target = RepoRoot.path().resolve("operator/target");
    try (Stream<Path> files = Files.list(target)) {
      Path jar = files.filter(f -> f.getFileName().toString().endsWith("-runnable.jar")).findFirst().orElse(null);
      RequiredForIntegrationTests.require(jar != null, "the runnable jar (mvn package) is missing in " + target);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
