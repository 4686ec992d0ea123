package io.ecslogon.operator.testing.sandbox;

/**
 * Runs a shell snippet inside a sandbox right after its first chpasswd succeeds: the moment
 * between setting a password and proving it by a login, where a test puts an sshd outage.
 *
 * <p>The hook is bind-mounted over {@code /usr/sbin/chpasswd} inside the sandbox's own mount
 * namespace (private propagation), so it goes with the sandbox. Never write it to a directory the
 * sandbox shares with the host such as {@code /usr/local/sbin}: it outlives the test and fires
 * after every other sandbox's first chpasswd (how CI failed nine tests on stop 22).
 */
public final class ChpasswdHook {
  /** The file whose presence says the hook has fired, in the sandbox's private /root. */
  public static final String FIRED = "/root/.chpasswd-hook-fired";

  private ChpasswdHook() {}

  public static void afterFirstChpasswd(Sandbox sandbox, String snippet) {
    sandbox.sh("cp /usr/sbin/chpasswd /root/chpasswd.real"
        + " && cat > /root/chpasswd.hooked <<'HOOK' && chmod 755 /root/chpasswd.hooked"
        + " && mount --bind /root/chpasswd.hooked /usr/sbin/chpasswd\n"
        + "#!/bin/sh\n"
        + "/root/chpasswd.real \"$@\" || exit $?\n"
        + "if [ ! -e " + FIRED + " ]; then\n"
        + "  touch " + FIRED + "\n"
        + snippet + "\n"
        + "fi\n"
        + "HOOK").orThrow("a hook after chpasswd");
  }

  public static boolean fired(Sandbox sandbox) {
    return sandbox.exec("test", "-e", FIRED).exitCode() == 0;
  }
}
