package io.ecslogon.operator.host.sshd;

/**
 * The files the operator reads and writes for sshd. The staging files sit next to the real ones
 * (same file system, so the final rename is atomic) under names the sshd_config.d glob never
 * matches; /etc/ssh is writable by root only, so fixed names are safe, and work on one instance is
 * serialised, so two changes never share them.
 */
final class SshdPaths {
  static final String MAIN = "/etc/ssh/sshd_config";
  static final String DROP_IN_DIR = "/etc/ssh/sshd_config.d";
  /** "00-" sorts before the "50-cloud-init.conf" and similar files images ship. */
  static final String DROP_IN = DROP_IN_DIR + "/00-ecs-logon-operator.conf";
  static final String STAGED = "/etc/ssh/.ecslogon-staged";
  static final String TEST_MAIN = "/etc/ssh/.ecslogon-test-main";
  static final String PREVIOUS_SUFFIX = ".ecslogon-previous";
  /**
   * Present from just before the operator replaces a file until sshd has loaded it (or the change
   * was rolled back): an operator stopped in between leaves it, and the next visit reloads sshd
   * even though the files already say what is declared.
   */
  static final String RELOAD_PENDING = "/etc/ssh/.ecslogon-reload-pending";

  private SshdPaths() {}
}
