package io.ecslogon.operator.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a test's kube-apiserver and starts it again with the same flags on the same port, etcd
 * left running: what a client sees while the API server restarts (connections refused, watches
 * ended, informers relisting, then the same objects at the same resourceVersions), for real.
 *
 * <p>kube-api-test has no restart. Stopping its process from outside makes it stop etcd too (it
 * takes the exit for a crash), so this marks its process as stopped first, through reflection on
 * two private fields of kube-api-test 7.5.2 (a newer version that renames them fails here, at the
 * first restart, with the field's name). The process started again is this class's to end: {@link
 * #close()} before kube-api-test stops the rest.
 */
final class ApiServerRestarts implements AutoCloseable {
  private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

  private final Object apiServerProcess;
  private final Path logDir;
  private Process restarted;
  private int count;

  ApiServerRestarts(KubeAPIServer server, Path logDir) {
    this.apiServerProcess = read(server, "kubeApiServerProcess");
    this.logDir = logDir;
  }

  /** Stops the API server (SIGTERM, as kubelet stops a static pod), waits {@code down}, starts it, waits until ready. */
  synchronized void restart(Duration down) {
    Process running = restarted != null ? restarted : (Process) read(apiServerProcess, "apiServerProcess");
    List<String> argv = commandLine(running);
    write(apiServerProcess, "stopped", true);
    running.destroy();
    try {
      if (!running.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor();
      }
      Thread.sleep(down.toMillis());
      Path log = logDir.resolve("kube-apiserver-restart-" + (++count) + ".log");
      restarted = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("starting kube-apiserver again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    // kube-api-test's own readiness wait: /readyz on the (unchanged) port, then the default namespace.
    try {
      apiServerProcess.getClass().getMethod("waitUntilReady").invoke(apiServerProcess);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-apiserver did not get ready after a restart; its output: "
          + logDir.resolve("kube-apiserver-restart-" + count + ".log"), e.getCause() != null ? e.getCause() : e);
    }
  }

  /** The argv of the running process, whole: /proc/PID/cmdline, NUL-separated. */
  private static List<String> commandLine(Process process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      String joined = new String(raw, StandardCharsets.UTF_8);
      if (joined.endsWith("\0")) {
        joined = joined.substring(0, joined.length() - 1);
      }
      return Arrays.asList(joined.split("\0", -1));
    } catch (IOException e) {
      throw new IllegalStateException("reading kube-apiserver's command line", e);
    }
  }

  @Override
  public synchronized void close() {
    if (restarted != null) {
      restarted.destroy();
      try {
        if (!restarted.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
          restarted.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        restarted.destroyForcibly();
      }
    }
  }

  private static Object read(Object owner, String name) {
    try {
      return field(owner, name).get(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test changed: no field " + name + " in " + owner.getClass(), e);
    }
  }

  private static void write(Object owner, String name, Object value) {
    try {
      field(owner, name).set(owner, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test changed: no field " + name + " in " + owner.getClass(), e);
    }
  }

  private static Field field(Object owner, String name) throws NoSuchFieldException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }
}
