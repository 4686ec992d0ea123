package io.ecslogon.operator.compliance;

/** The kinds of finding, as they appear in status.compliance and in finding ids. */
final class FindingType {
  static final String UNKNOWN_USER = "UnknownUser";
  static final String UNRECOGNISED_KEY = "UnrecognisedAuthorizedKey";
  static final String PASSWORD_SET = "PasswordSet";
  static final String EMPTY_PASSWORD = "EmptyPassword";
  static final String ROOT_PASSWORD_LOGIN = "RootPasswordLogin";
  static final String PASSWORD_LOGIN_ENABLED = "PasswordLoginEnabled";
  static final String PERMIT_EMPTY_PASSWORDS = "PermitEmptyPasswords";
  static final String IGNORED_KEY_FILE = "IgnoredKeyFile";
  static final String SHELL_HISTORY = "ShellHistory";

  private FindingType() {}
}
