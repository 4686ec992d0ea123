package io.ecslogon.operator.status;

/** Condition types, as they appear in status.conditions[].type. */
public final class ConditionType {
  public static final String READY = "Ready";
  public static final String REACHABLE = "Reachable";
  public static final String HOST_KEY_TRUSTED = "HostKeyTrusted";
  public static final String SSHD_CONFIGURED = "SshdConfigured";
  public static final String COMPLIANT = "Compliant";
  /** With spec.compliance: whether an image captured now would carry no credentials. */
  public static final String IMAGE_READY = "ImageReady";
  public static final String RESTART_REQUIRED = "RestartRequired";
  public static final String PASSWORD_SET = "PasswordSet";
  /** PasswordReset with sshPasswordAuthentication: Enable: whether the user can log on with the password. */
  public static final String PASSWORD_LOGIN = "PasswordLogin";
  /** KeyPair with spec.alibabaCloud: whether its public key is registered as a key pair in ECS. */
  public static final String REGISTERED_IN_ECS = "RegisteredInEcs";
  /** EcsInstance with spec.alibabaCloud.keyPairRef: whether that key pair is attached in ECS and in effect. */
  public static final String KEY_PAIR_ATTACHED = "KeyPairAttached";
  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";

  private ConditionType() {}
}
