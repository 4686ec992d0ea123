package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.EcsInstanceSpec;
import java.util.Optional;

/**
 * Whether a password may travel to an instance. A key that was only trusted on first use proves
 * nothing about the host: whoever answered first (or whoever wrote the address into the spec) is
 * trusted. Public-key authentication gives such a host a signature it cannot reuse; a password is
 * given away. So passwords — the admin's, a LogonUser's, a PasswordReset's — go only to an instance
 * whose host key a person pinned in spec.hostKeyFingerprint, or whose EcsInstance explicitly
 * accepts the risk with spec.allowPasswordOnTrustOnFirstUse.
 */
public final class PasswordHostKeyRule {
  /** The condition reason every controller reports a refusal with. */
  public static final String REASON = "HostKeyNotPinned";

  private PasswordHostKeyRule() {}

  /** Why no password may be sent to this instance, or empty if one may. */
  public static Optional<String> refusal(EcsInstance instance) {
    EcsInstanceSpec spec = instance.getSpec();
    // A host key the cloud read on the instance (zero-touch onboarding) is as good as one a person pinned.
    boolean pinned = (spec.getHostKeyFingerprint() != null && !spec.getHostKeyFingerprint().isBlank())
        || SshTargetResolver.cloudVouchedHostKey(instance).isPresent();
    if (pinned || Boolean.TRUE.equals(spec.getAllowPasswordOnTrustOnFirstUse())) {
      return Optional.empty();
    }
    return Optional.of("no password is sent to EcsInstance " + instance.getMetadata().getName()
        + ": its host key is only trusted on first use. Pin it in spec.hostKeyFingerprint, or set"
        + " spec.allowPasswordOnTrustOnFirstUse: true to accept that risk");
  }
}
