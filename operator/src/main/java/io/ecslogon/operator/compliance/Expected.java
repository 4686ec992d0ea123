package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.CompliancePolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator expects on one instance, against which an audit judges what it saw.
 *
 * @param managedKeys per managed user, the fingerprints of the keys the operator puts there
 * @param blockOwners per managed user, the LogonUser (namespace/name) whose key block is in its
 *     files: keys inside that block are the operator's, even a rotated-out key this visit replaces
 * @param passwordUsers users whose LogonUser sets a password: a password is what they are meant to have
 * @param adminUser the account the operator logs on with
 * @param adminKeyFingerprint the fingerprint of the admin's key, when it logs on with a key
 * @param ecsKeyPairFingerprint the key of the ECS key pair the operator attached (spec.alibabaCloud.keyPairRef),
 *     which ECS puts in root's authorized_keys
 */
public record Expected(Map<String, Set<String>> managedKeys, Map<String, String> blockOwners, Set<String> passwordUsers, String adminUser,
    Optional<String> adminKeyFingerprint, List<String> allowedUsers, Set<String> allowedKeyFingerprints,
    Optional<String> ecsKeyPairFingerprint) {

  public static Expected of(Map<String, Set<String>> managedKeys, Map<String, String> blockOwners,
      Set<String> passwordUsers, String adminUser, Optional<String> adminKeyFingerprint, CompliancePolicy policy) {
    return new Expected(Map.copyOf(managedKeys), Map.copyOf(blockOwners), Set.copyOf(passwordUsers), adminUser,
        adminKeyFingerprint,
        policy.getAllowedUsers() == null ? List.of() : List.copyOf(policy.getAllowedUsers()),
        policy.getAllowedKeyFingerprints() == null ? Set.of() : Set.copyOf(policy.getAllowedKeyFingerprints()),
        Optional.empty());
  }

  /** The same, also recognising in root's files the key of the ECS key pair the operator attached. */
  public Expected withEcsKeyPair(String fingerprint) {
    return new Expected(managedKeys, blockOwners, passwordUsers, adminUser, adminKeyFingerprint, allowedUsers,
        allowedKeyFingerprints, Optional.ofNullable(fingerprint));
  }

  /** The SHA256 fingerprint of a public key line ("type base64 [comment]"), if it holds one. */
  public static Optional<String> fingerprintOf(String publicKeyLine) {
    return AuthorizedKeyLine.parse(publicKeyLine).map(AuthorizedKeyLine::fingerprint);
  }

  boolean managed(String user) {
    return managedKeys.containsKey(user);
  }

  boolean adminUsesPassword() {
    return adminKeyFingerprint.isEmpty();
  }

  /**
   * A key is recognised in {@code user}'s files when the operator put it there for that user (itself,
   * or through ECS in root's) or it is allowed.
   */
  boolean recognises(String user, String fingerprint) {
    return allowedKeyFingerprints.contains(fingerprint)
        || ("root".equals(user) && ecsKeyPairFingerprint.filter(fingerprint::equals).isPresent())
        || managedKeys.getOrDefault(user, Set.of()).contains(fingerprint)
        || (user.equals(adminUser) && adminKeyFingerprint.filter(fingerprint::equals).isPresent());
  }

  /** Whether a password is expected for {@code user}: its LogonUser sets one, or the operator logs on with it. */
  boolean expectsPassword(String user) {
    return passwordUsers.contains(user) || (user.equals(adminUser) && adminUsesPassword());
  }
}
