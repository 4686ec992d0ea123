package io.ecslogon.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** OpenSSH's own tools as judges in tests, and private keys written where they accept them. */
public final class OpenSshTools {
  private OpenSshTools() {}

  public record Result(int exitCode, String output) {}

  /** Runs ssh-keygen and requires it to succeed; returns what it printed. */
  public static String sshKeygen(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ssh-keygen"));
    command.addAll(List.of(args));
    Result result = run(command.toArray(String[]::new));
    assertThat(result.exitCode()).as("ssh-keygen %s: %s", String.join(" ", args), result.output()).isZero();
    return result.output();
  }

  public static Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), out);
  }

  /** A private key as a mode-600 file in {@code dir}, which ssh and ssh-keygen insist on. */
  public static Path privateKeyFile(Path dir, byte[] key) throws IOException {
    Path file = Files.createTempFile(dir, "key", "",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, key);
    return file;
  }

  /** The ssh-privatekey of a kubernetes.io/ssh-auth Secret, as a file. */
  public static Path privateKeyFile(Path dir, Secret secret) throws IOException {
    return privateKeyFile(dir, Base64.getDecoder().decode(secret.getData().get("ssh-privatekey")));
  }
}
