package io.ecslogon.operator.host.sshd;

import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.lockout.LockOutGuard;
import java.util.Optional;

/**
 * Brings the operator's sshd settings on one instance to the declared ones, never leaving sshd
 * with a configuration nobody can log on with:
 * <ol>
 *   <li>nothing is written when the operator's file already holds the declared values;</li>
 *   <li>the candidate is checked with {@code sshd -t} as a whole before anything is replaced (a
 *       broken file elsewhere, missing host keys or a bad value stop the change, file untouched);</li>
 *   <li>the current file is kept beside the new one, sshd is reloaded (restarted only where reload
 *       fails), and a fresh login with the operator's own credentials must succeed;</li>
 *   <li>if it does not, the kept file is renamed back (byte for byte) over the connection that is
 *       still open, and sshd reloaded again.</li>
 * </ol>
 * Settings the operator wrote earlier and no longer declares stay as they are: this manages what
 * is declared and leaves everything else alone.
 */
public final class SshdConfigChange {
  /** Opens a new SSH connection with the operator's own credentials; empty when logging on works. */
  @FunctionalInterface
  public interface LoginCheck {
    Optional<String> problem();
  }

  public enum Outcome { UNCHANGED, APPLIED, REFUSED, REJECTED, MALFORMED, ROLLED_BACK }

  public record Result(Outcome outcome, String message, SshdDirectives written) {}

  private final RemoteShell shell;
  private final SshdConfigFiles files;

  public SshdConfigChange(RemoteShell shell) {
    this.shell = shell;
    this.files = new SshdConfigFiles(shell);
  }

  public Result converge(SshdDirectives declared, AdminAccess self, LoginCheck login) {
    return converge(declared, self, login, Optional.empty());
  }

  /** @param known the files as this visit already read them (with the facts), or empty to read them now */
  public Result converge(SshdDirectives declared, AdminAccess self, LoginCheck login, Optional<SshdFiles> known) {
    Optional<String> lockOut = LockOutGuard.sshd(self, declared.values());
    if (lockOut.isPresent()) {
      return new Result(Outcome.REFUSED, lockOut.get() + "; nothing was changed", declared);
    }
    SshdFiles onDisk = known.orElseGet(files::read);
    String main = onDisk.main();
    Optional<String> malformed = ManagedSshdFile.blockProblem(main);
    if (malformed.isPresent()) {
      return new Result(Outcome.MALFORMED, malformed.get() + "; nothing was changed", declared);
    }
    SshdPlacement placement = SshdPlacement.decide(main, declared);
    String current = placement.kind() == SshdPlacement.Kind.DROP_IN ? onDisk.dropIn() : main;
    SshdDirectives have = ManagedSshdFile.read(current, placement.kind());
    SshdDirectives want = have.overlaidWith(declared);
    lockOut = LockOutGuard.sshd(self, want.values());
    if (lockOut.isPresent()) {
      return new Result(Outcome.REFUSED, lockOut.get() + " (kept from an earlier policy in " + placement.targetPath()
          + "); nothing was changed", want);
    }
    if (want.equals(have)) {
      if (onDisk.reloadPending()) {
        return reloadUnloadedChange(placement.targetPath(), want, login);
      }
      return new Result(Outcome.UNCHANGED, want.isEmpty() ? "no sshd settings declared"
          : "sshd settings " + want.values() + " already in " + placement.targetPath(), want);
    }
    String candidate = placement.kind() == SshdPlacement.Kind.DROP_IN
        ? ManagedSshdFile.dropIn(want)
        : ManagedSshdFile.mainFileWithBlock(main, want);
    Optional<String> rejected = files.stageAndTest(candidate, placement);
    if (rejected.isPresent()) {
      return new Result(Outcome.REJECTED, "sshd -t rejected the configuration with " + want.values()
          + " in " + placement.targetPath() + ", so nothing was changed: " + rejected.get(), want);
    }
    Optional<SshdService> service = SshdService.detect(shell);
    if (service.isEmpty()) {
      files.discardStaged();
      return new Result(Outcome.REJECTED, "found no ssh or sshd service (systemd unit or /etc/init.d script) to"
          + " reload, so nothing was changed", want);
    }
    String target = placement.targetPath();
    boolean existed = placement.kind() == SshdPlacement.Kind.MAIN_FILE || current != null;
    // Marked first: an operator stopped after the rename and before the reload leaves the mark, and
    // its next visit loads what the files already say (the files alone would look converged).
    files.markReloadPending();
    files.install(target);
    Reload reload = reloadAndCheck(service.get(), target, existed, want, login);
    if (reload.failed().isPresent()) {
      return reload.failed().get();
    }
    return new Result(Outcome.APPLIED, "wrote " + want.values() + " to " + target + " (" + placement.why()
        + "); sshd -t passed, sshd " + reload.how() + " through the " + service.get()
        + ", and a fresh login with the operator's credentials succeeded", want);
  }

  /** A change an earlier visit wrote and may not have reloaded (it stopped in between): loaded now, and checked. */
  private Result reloadUnloadedChange(String target, SshdDirectives want, LoginCheck login) {
    Optional<SshdService> service = SshdService.detect(shell);
    if (service.isEmpty()) {
      return new Result(Outcome.REJECTED, "a change to " + target + " may not be loaded by sshd yet, and no ssh or"
          + " sshd service was found to reload it", want);
    }
    Reload reload = reloadAndCheck(service.get(), target, files.previousKept(target), want, login);
    if (reload.failed().isPresent()) {
      return reload.failed().get();
    }
    return new Result(Outcome.APPLIED, "sshd settings " + want.values() + " were in " + target + " but maybe not"
        + " loaded (an earlier visit stopped before reloading): sshd " + reload.how() + " through the " + service.get()
        + ", and a fresh login with the operator's credentials succeeded", want);
  }

  /** How sshd took the change ("reloaded", "restarted"), or the rolled-back result when it did not. */
  private record Reload(String how, Optional<Result> failed) {}

  /** Reloads sshd and logs on afresh; rolls the file back when either fails. Clears the pending mark. */
  private Reload reloadAndCheck(SshdService service, String target, boolean existed, SshdDirectives want,
      LoginCheck login) {
    Optional<String> reloaded = service.reload(shell);
    Optional<String> problem = reloaded.isEmpty()
        ? Optional.of("neither reload nor restart through the " + service + " succeeded")
        : login.problem();
    if (problem.isPresent()) {
      files.rollback(target, existed);
      Optional<String> back = service.reload(shell);
      files.clearReloadPending();
      return new Reload(null, Optional.of(new Result(Outcome.ROLLED_BACK, problem.get() + "; the previous " + target
          + " was put back" + (back.isPresent() ? " and sshd " + back.get() : " but sshd could not be reloaded"), want)));
    }
    files.clearReloadPending();
    return new Reload(reloaded.get(), Optional.empty());
  }
}
