package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.ApiGroup;
import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairReference;
import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.LogonUserSpec;
import io.ecslogon.operator.api.v1alpha1.SudoPolicy;
import io.ecslogon.operator.keypair.material.InvalidPublicKeyException;
import io.ecslogon.operator.keypair.material.SshPublicKey;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.convergence.NotApplied;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a LogonUser's spec into a {@link DesiredUser}: checked again in code (the schema may be
 * missing or older), with the keys of its KeyPairs resolved, before any SSH session opens.
 */
final class DesiredUsers {
  private static final Pattern USERNAME = Pattern.compile(ApiGroup.USERNAME_PATTERN);
  private static final Pattern SHELL = Pattern.compile("^/[A-Za-z0-9._/-]+$");

  /** A KeyPair by namespace and name, from the informer's cache. */
  private final BiFunction<String, String, Optional<KeyPair>> keyPairs;

  DesiredUsers(BiFunction<String, String, Optional<KeyPair>> keyPairs) {
    this.keyPairs = keyPairs;
  }

  /** What the LogonUser wants, validated; waits (NotApplied) while a referenced KeyPair has no key. */
  DesiredUser of(LogonUser user) {
    return desired(user, true);
  }

  /** SHA256 fingerprints of the keys a user is to have: how instances report them and status lists them. */
  static List<String> fingerprints(DesiredUser desired) {
    return desired.keyLines().stream().map(line -> SshPublicKey.parse(line).sha256Fingerprint()).toList();
  }

  /** Enough to remove what the operator added: user and block owner, no keys needed. */
  DesiredUser forRemoval(LogonUser user) {
    return desired(user, false);
  }

  private DesiredUser desired(LogonUser user, boolean withKeys) {
    LogonUserSpec spec = user.getSpec();
    if (spec.getUsername() == null || !USERNAME.matcher(spec.getUsername()).matches()) {
      throw new NotApplied("InvalidUsername", "spec.username must match " + ApiGroup.USERNAME_PATTERN);
    }
    if (spec.getShell() != null && !SHELL.matcher(spec.getShell()).matches()) {
      throw new NotApplied("InvalidShell", "spec.shell must be an absolute path");
    }
    List<String> groups = spec.getGroups() == null ? List.of() : spec.getGroups();
    for (String group : groups) {
      if (!USERNAME.matcher(group).matches()) {
        throw new NotApplied("InvalidGroup", "group names must match " + ApiGroup.USERNAME_PATTERN);
      }
    }
    Set<String> keys = new LinkedHashSet<>();
    for (KeyPairReference ref : !withKeys || spec.getKeyPairRefs() == null ? List.<KeyPairReference>of() : spec.getKeyPairRefs()) {
      keys.addAll(keyPairKeys(user, ref.getName()));
    }
    for (String line : !withKeys || spec.getPublicKeys() == null ? List.<String>of() : spec.getPublicKeys()) {
      try {
        keys.add(SshPublicKey.parse(line).canonical());
      } catch (InvalidPublicKeyException e) {
        throw new NotApplied("InvalidPublicKey", "spec.publicKeys refused: " + e.getMessage());
      }
    }
    String owner = user.getMetadata().getNamespace() + "/" + user.getMetadata().getName();
    return new DesiredUser(owner, spec.getUsername(), spec.getShell(), groups, List.copyOf(keys),
        spec.getKeyPolicy() == null ? KeyPolicy.Merge : spec.getKeyPolicy(),
        spec.getSudo() == null ? SudoPolicy.none : spec.getSudo(), Boolean.TRUE.equals(spec.getAdopt()),
        spec.getDeletionPolicy() == null ? DeletionPolicy.RemoveKeys : spec.getDeletionPolicy());
  }

  /**
   * The KeyPair's current key and, while rotation is phasing it out, its previous ones
   * (make-before-break). An expired or missing KeyPair contributes nothing, so its key is removed.
   */
  private List<String> keyPairKeys(LogonUser user, String keyPairName) {
    KeyPair keyPair = keyPairs.apply(user.getMetadata().getNamespace(), keyPairName).orElse(null);
    boolean expired = keyPair != null && keyPair.getStatus() != null
        && Conditions.find(keyPair.getStatus().getConditions(), ConditionType.READY)
            .map(ready -> "Expired".equals(ready.getReason())).orElse(false);
    if (keyPair == null || expired) {
      return List.of();
    }
    if (keyPair.getStatus() == null || keyPair.getStatus().getPublicKey() == null) {
      // Not an error, a wait: converging now would authorise too few keys, and under Exclusive
      // even remove keys that are about to be replaced.
      throw new NotApplied("KeyPairNotReady", "waiting for KeyPair " + keyPairName + " to have a key");
    }
    return KeyPairKeys.of(keyPair);
  }
}
