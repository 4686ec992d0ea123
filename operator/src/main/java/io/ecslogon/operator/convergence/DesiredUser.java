package io.ecslogon.operator.convergence;

import io.ecslogon.operator.api.v1alpha1.DeletionPolicy;
import io.ecslogon.operator.api.v1alpha1.KeyPolicy;
import io.ecslogon.operator.api.v1alpha1.SudoPolicy;
import java.util.List;

/**
 * What a LogonUser wants on each instance, validated in code before any SSH session opens.
 *
 * @param owner namespace/name of the LogonUser, which names its block in authorized_keys
 * @param keyLines canonical public key lines to authorise (current and, during rotation, previous)
 */
public record DesiredUser(String owner, String username, String shell, List<String> groups, List<String> keyLines,
    KeyPolicy keyPolicy, SudoPolicy sudo, boolean adopt, DeletionPolicy deletionPolicy) {

  public boolean isRoot() {
    return "root".equals(username);
  }

  /** Whether deleting the LogonUser deletes the account (root never is). */
  public boolean deletesAccount() {
    return deletionPolicy == DeletionPolicy.Delete && !isRoot();
  }

  /** The sudoers rule for this policy, or null when the user gets none. */
  public String sudoRule() {
    return switch (sudo) {
      case passwordless -> username + " ALL=(ALL:ALL) NOPASSWD: ALL\n";
      case password -> username + " ALL=(ALL:ALL) ALL\n";
      case none -> null;
    };
  }
}
