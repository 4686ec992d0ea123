package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.host.Credentials;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.HostConnectionPool;
import io.ecslogon.operator.host.sshd.SshdConfigChange;
import io.ecslogon.operator.host.sshd.SshdDirectives;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.host.SshTarget;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.secrets.SecretReader;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How other controllers work on an instance: only once its EcsInstance is Ready (so its host key
 * is trusted), over the same pooled connection and under the same per-instance lock the
 * EcsInstance controller uses.
 */
public class InstanceAccess {
  private final SshTargetResolver targets;
  private final HostConnectionPool connections;
  private final FreshLogin freshLogin;

  public InstanceAccess(SecretReader secrets, HostConnectionPool connections, FreshLogin freshLogin) {
    this.targets = new SshTargetResolver(secrets);
    this.connections = connections;
    this.freshLogin = freshLogin;
  }

  /**
   * Ready, with a trusted host key, or visited through Cloud Assistant (no SSH route: its work runs
   * in its own visits over RunCommand, and nothing is sent to it over SSH).
   */
  public static boolean isReady(EcsInstance instance) {
    if (instance.getStatus() == null || !Conditions.isTrue(instance.getStatus().getConditions(), ConditionType.READY)) {
      return false;
    }
    return instance.getStatus().getHostKeyFingerprint() != null || Conditions.find(instance.getStatus().getConditions(),
        ConditionType.READY).filter(ready -> Reason.CLOUD_ASSISTANT.equals(ready.getReason())).isPresent();
  }

  /** Runs {@code work} on a Ready instance; callers check {@link #isReady} first and say why not. */
  public <T> T withInstance(EcsInstance instance, Function<RemoteShell, T> work) {
    SshTarget target = targets.resolve(instance);
    return connections.withConnection(EcsInstanceReconciler.key(instance), target, work::apply);
  }

  /** How the operator logs on to the instance (reads its admin Secret; no SSH). */
  public AdminAccess admin(EcsInstance instance) {
    return AdminAccess.of(targets.resolve(instance));
  }

  /**
   * Proves that {@code user} can log on to a Ready instance with {@code password}: a new connection
   * that must meet the trusted host key, as the fresh login after an sshd change does. Empty when
   * it works; otherwise why not.
   */
  public Optional<String> passwordLoginProblem(EcsInstance instance, String user, char[] password) {
    SshTarget admin = targets.resolve(instance);
    return freshLogin.authenticationProblem(new SshTarget(admin.address(), admin.port(), user,
        new Credentials.Password(password), admin.expectedHostKey()));
  }

  /**
   * Turns sshd password logins on for a Ready instance, through the same checked path as
   * spec.sshd (sshd -t, reload, fresh login, rollback). The EcsInstance's own policy keeps it: the
   * operator leaves settings it wrote and no longer declares as they are.
   */
  public SshdConfigChange.Result enablePasswordAuthentication(EcsInstance instance) {
    SshTarget target = targets.resolve(instance);
    SshdDirectives enable = new SshdDirectives(Map.of(SshdDirectives.PASSWORD_AUTHENTICATION, "yes"));
    return connections.withConnection(EcsInstanceReconciler.key(instance), target, shell -> new SshdConfigChange(shell)
        .converge(enable, AdminAccess.of(target), () -> freshLogin.problem(target)));
  }
}
