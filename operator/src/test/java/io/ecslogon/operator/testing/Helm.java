package io.ecslogon.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The helm binary hack/provision-helm.sh put in place, run on the repository's chart. */
public final class Helm {
  public static final Path CHART = RepoRoot.path().resolve("helm/ecs-logon-operator");

  private Helm() {}

  public record Result(int exitCode, String output) {
    public Result orThrow() {
      if (exitCode != 0) {
        throw new IllegalStateException("helm exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  public static Path binary() {
    String configured = System.getenv("ECSLOGON_HELM");
    Path helm = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "ecs-logon-operator", "bin", "helm");
    RequiredForIntegrationTests.require(Files.isExecutable(helm), "helm is missing at " + helm
        + " (hack/provision-helm.sh provisions it)");
    return helm;
  }

  public static Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + args[0] + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
