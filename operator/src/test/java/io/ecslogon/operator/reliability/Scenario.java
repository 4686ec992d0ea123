package io.ecslogon.operator.reliability;

/** The real work a run does while a fault hits it. */
enum Scenario {
  /** The fleet user's key replaced by a new generated KeyPair on every instance (what a rotation does). */
  KEY_SWAP,
  /** A new fleet user added and the previous one deleted: its account must leave every instance. */
  USER_CHURN,
  /** sshd's PasswordAuthentication flipped on one instance, through the checked sshd path. */
  SSHD_POLICY,
  /** An online PasswordReset of a managed user's password. */
  ONLINE_RESET,
  /** An offline PasswordReset: the password set, the instance restarted once. */
  OFFLINE_RESET,
  /** An unknown key planted in a managed user's authorized_keys on an instance in compliance Enforce. */
  ENFORCE
}
