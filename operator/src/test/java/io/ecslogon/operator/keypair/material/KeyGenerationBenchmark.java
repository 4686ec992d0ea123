package io.ecslogon.operator.keypair.material;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

/**
 * Prints keys generated per second and bytes allocated per key for every type and size, and
 * ssh-keygen's keys per second on the same machine for comparison. A benchmark, not a test: it
 * asserts nothing and never fails on speed. Run it with hack/bench-keygen.sh.
 */
public final class KeyGenerationBenchmark {
  private record Case(SshKeyType type, int bits, String keygenType) {}

  private static final List<Case> CASES = List.of(
      new Case(SshKeyType.ED25519, 256, "ed25519"),
      new Case(SshKeyType.ECDSA_P256, 256, "ecdsa"),
      new Case(SshKeyType.ECDSA_P384, 384, "ecdsa"),
      new Case(SshKeyType.ECDSA_P521, 521, "ecdsa"),
      new Case(SshKeyType.RSA, 2048, "rsa"),
      new Case(SshKeyType.RSA, 3072, "rsa"),
      new Case(SshKeyType.RSA, 4096, "rsa"));

  private KeyGenerationBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    SshKeyGenerator generator = new SshKeyGenerator(new SecureRandom());
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    System.out.printf("%-22s %12s %14s %16s%n", "key", "operator/s", "ssh-keygen/s", "KiB alloc/key");
    for (Case c : CASES) {
      for (int i = 0; i < 3; i++) {
        generator.generate(c.type(), c.bits(), "warm-up", null);
      }
      long allocatedBefore = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      int keys = 0;
      while (System.nanoTime() - start < seconds * 1e9 || keys < 3) {
        generator.generate(c.type(), c.bits(), "bench", null);
        keys++;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      double allocatedPerKey = (threads.getThreadAllocatedBytes(thread) - allocatedBefore) / (double) keys / 1024;
      System.out.printf(Locale.ROOT, "%-22s %12.1f %14.1f %16.0f%n", c.type().sshName() + " " + c.bits(),
          keys / elapsed, sshKeygenRate(c, seconds), allocatedPerKey);
    }
  }

  private static double sshKeygenRate(Case c, double seconds) throws Exception {
    Path dir = Files.createTempDirectory("bench-keygen");
    long start = System.nanoTime();
    int keys = 0;
    while (System.nanoTime() - start < seconds * 1e9 || keys < 3) {
      Path file = dir.resolve("k" + keys);
      Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", c.keygenType(), "-b", Integer.toString(c.bits()),
          "-N", "", "-f", file.toString()).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) {
        throw new IllegalStateException("ssh-keygen failed for " + c);
      }
      keys++;
    }
    double rate = keys / ((System.nanoTime() - start) / 1e9);
    try (var files = Files.list(dir)) {
      files.forEach(f -> f.toFile().delete());
    }
    Files.delete(dir);
    return rate;
  }
}
