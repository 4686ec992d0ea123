package io.ecslogon.operator.reliability;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.OpenSshTools;
import io.ecslogon.operator.testing.TestKube;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import io.ecslogon.operator.testing.sandbox.Ssh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The suite's work, and what the fleet must look like once it is settled. One instance of this
 * lives through every run: each run changes the fleet a little further (a new key, a new user, the
 * policy flipped, a password reset), so the runs also test each other's leftovers.
 */
final class Scenarios {
  static final String FLEET_USER = "deploy";
  static final String RESET_USER = "pwuser";

  private final TestKube kube;
  private final Fleet fleet;
  private final Path keys;
  private int keyGeneration;
  private final List<Path> retiredKeys = new ArrayList<>();
  private final Map<String, Path> keyFiles = new HashMap<>();
  private String churnUser;
  private final List<String> removedUsers = new ArrayList<>();
  private boolean passwordAuthenticationOnA;
  private String resetInFlight;
  private String plantedKey;

  Scenarios(TestKube kube, Fleet fleet, Path keys) {
    this.kube = kube;
    this.fleet = fleet;
    this.keys = keys;
  }

  /** The resources every run starts from: the fleet user with key 0, the reset user on c. */
  void setUp() {
    kube.apply("kind: KeyPair\nmetadata: {name: key-0}\nspec: {type: ed25519}");
    kube.apply("kind: KeyPair\nmetadata: {name: churn-key}\nspec: {type: ed25519}");
    kube.apply("kind: LogonUser\nmetadata: {name: fleet}\nspec:\n  instanceSelector: {matchLabels: {suite: "
        + Fleet.LABEL + "}}\n  username: " + FLEET_USER + "\n  keyPairRefs: [{name: key-0}]\n  sudo: passwordless");
    kube.apply("kind: LogonUser\nmetadata: {name: resets}\nspec:\n  instanceRef: {name: c}\n  username: "
        + RESET_USER + "\n  keyPairRefs: [{name: churn-key}]");
  }

  void apply(RunPlan plan) {
    int run = plan.index();
    switch (plan.scenario()) {
      case KEY_SWAP -> {
        // The key being replaced must stop logging in by the end of this very run.
        retiredKeys.add(0, privateKeyOf("key-" + keyGeneration));
        keyGeneration++;
        kube.apply("kind: KeyPair\nmetadata: {name: key-" + keyGeneration + "}\nspec: {type: ed25519}");
        kube.mergePatch(LogonUser.class, "fleet", "{\"spec\":{\"keyPairRefs\":[{\"name\":\"key-" + keyGeneration
            + "\"}]}}");
      }
      case USER_CHURN -> {
        String previous = churnUser;
        churnUser = "churn-" + run;
        kube.apply("kind: LogonUser\nmetadata: {name: " + churnUser + "}\nspec:\n  instanceSelector: {matchLabels: "
            + "{suite: " + Fleet.LABEL + "}}\n  username: " + churnUser + "\n  keyPairRefs: [{name: churn-key}]\n"
            + "  deletionPolicy: Delete");
        if (previous != null) {
          kube.client().resources(LogonUser.class).inNamespace("default").withName(previous).delete();
          removedUsers.add(previous);
        }
      }
      case SSHD_POLICY -> {
        passwordAuthenticationOnA = !passwordAuthenticationOnA;
        kube.mergePatch(EcsInstance.class, "a", "{\"spec\":{\"sshd\":{\"passwordAuthentication\":"
            + passwordAuthenticationOnA + "}}}");
      }
      case ONLINE_RESET, OFFLINE_RESET -> {
        resetInFlight = "reset-" + run;
        kube.apply("kind: PasswordReset\nmetadata: {name: " + resetInFlight + "}\nspec:\n  instanceRef: {name: c}\n"
            + "  username: " + RESET_USER + "\n  generate: true\n  method: "
            + (plan.scenario() == Scenario.ONLINE_RESET ? "Online" : "Offline"));
      }
      case ENFORCE -> {
        plantedKey = Person.unknownKeyLine(run);
        fleet.sandbox("b").execWithStdin((plantedKey + "\n").getBytes(), "/bin/sh", "-c",
            "cat >> /home/" + FLEET_USER + "/.ssh/authorized_keys").orThrow("plant a key on b");
      }
    }
  }

  /** What has not caught up with the last change yet (empty once settled). */
  String unsettled() {
    for (String name : Fleet.NAMES) {
      if (!Settled.ready(kube.get(EcsInstance.class, name))) {
        return "EcsInstance " + name + " " + Settled.describe(kube.get(EcsInstance.class, name));
      }
    }
    for (String user : currentUsers()) {
      if (!Settled.ready(kube.get(LogonUser.class, user))) {
        return "LogonUser " + user + " " + Settled.describe(kube.get(LogonUser.class, user));
      }
    }
    String key = "key-" + keyGeneration;
    if (!Settled.ready(kube.get(KeyPair.class, key))) {
      return "KeyPair " + key + " " + Settled.describe(kube.get(KeyPair.class, key));
    }
    for (String removed : removedUsers) {
      if (kube.get(LogonUser.class, removed) != null) {
        return "LogonUser " + removed + " still there (deleted)";
      }
    }
    if (resetInFlight != null && !Settled.finished(kube.get(PasswordReset.class, resetInFlight))) {
      return "PasswordReset " + resetInFlight + " not finished";
    }
    if (plantedKey != null && authorizedKeysOnB().contains(plantedKey)) {
      return "the planted key is still on b";
    }
    return "";
  }

  /**
   * What this state promises on one instance, once settled; each broken promise a sentence. The
   * logons (the current key, each retired key, the methods sshd offers) are independent, so they
   * are tried side by side on {@code logons}: each is an ssh client and a new sshd session, the
   * most of a check's time.
   */
  List<String> violationsOn(String name, Supplier<List<String>> readAccounts, Executor logons) {
    List<String> violations = new ArrayList<>();
    Sandbox sandbox = fleet.sandbox(name);
    Path currentKey = privateKeyOf("key-" + keyGeneration);
    CompletableFuture<Integer> current = CompletableFuture.supplyAsync(
        () -> Invariants.logsOn(sandbox, FLEET_USER, currentKey), logons);
    Map<Path, CompletableFuture<Integer>> retired = new LinkedHashMap<>();
    retiredKeys.forEach(key -> retired.put(key, CompletableFuture.supplyAsync(
        () -> Invariants.logsOn(sandbox, FLEET_USER, key), logons)));
    CompletableFuture<List<String>> offered = name.equals("a")
        ? CompletableFuture.supplyAsync(() -> Ssh.methodsOffered(sandbox), logons) : null;
    if (current.join() != 0) {
      violations.add(name + ": the fleet user's current key (key-" + keyGeneration + ") does not log in");
    }
    retired.forEach((key, exitCode) -> {
      if (exitCode.join() == 0) {
        violations.add(name + ": a removed key (" + key.getFileName() + ") still logs in");
      }
    });
    List<String> accounts = readAccounts.get();
    for (String user : currentUsers().stream().filter(u -> !u.equals("resets") || name.equals("c")).toList()) {
      String username = switch (user) {
        case "fleet" -> FLEET_USER;
        case "resets" -> RESET_USER;
        default -> user;
      };
      if (!accounts.contains(username)) {
        violations.add(name + ": managed account " + username + " is missing");
      }
    }
    // Churn users are deleted with deletionPolicy Delete: their accounts must go with them.
    removedUsers.stream().filter(accounts::contains)
        .forEach(user -> violations.add(name + ": account " + user + " outlived its LogonUser (orphan)"));
    if (offered != null && offered.join().contains("password") != passwordAuthenticationOnA) {
      violations.add("a: the running sshd offers " + offered.join() + ", the spec says passwordAuthentication "
          + passwordAuthenticationOnA);
    }
    if (name.equals("b") && plantedKey != null && authorizedKeysOnB().contains(plantedKey)) {
      violations.add("b: the key planted in Enforce mode is still in authorized_keys");
    }
    if (name.equals("c") && resetInFlight != null) {
      violations.addAll(Invariants.resetSucceeded(kube, sandbox, resetInFlight, RESET_USER));
    }
    return violations;
  }

  /** After a run's checks: the key the last swap replaced is retired (its KeyPair deleted), the reset forgotten. */
  void afterRun() {
    String previous = "key-" + (keyGeneration - 1);
    if (keyGeneration > 0 && kube.get(KeyPair.class, previous) != null) {
      kube.client().resources(KeyPair.class).inNamespace("default").withName(previous).delete();
    }
    while (retiredKeys.size() > 2) {
      retiredKeys.remove(retiredKeys.size() - 1);
    }
    resetInFlight = null;
    plantedKey = null;
  }

  boolean resetSucceeded() {
    PasswordReset reset = resetInFlight == null ? null : kube.get(PasswordReset.class, resetInFlight);
    return reset != null && reset.getStatus() != null && reset.getStatus().getPhase() == ResetPhase.Succeeded;
  }

  private List<String> currentUsers() {
    return churnUser == null ? List.of("fleet", "resets") : List.of("fleet", "resets", churnUser);
  }

  private String authorizedKeysOnB() {
    return fleet.sandbox("b").exec("cat", "/home/" + FLEET_USER + "/.ssh/authorized_keys")
        .orThrow("read the fleet user's authorized_keys on b").stdout();
  }

  /** The KeyPair's private key as a file, kept after the KeyPair is deleted (a retired key is still tried). */
  private synchronized Path privateKeyOf(String keyPair) {
    return keyFiles.computeIfAbsent(keyPair, name -> {
      KeyPair found = kube.get(KeyPair.class, name);
      try {
        return OpenSshTools.privateKeyFile(keys,
            kube.client().secrets().inNamespace("default").withName(found.getStatus().getSecretName()).get());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
