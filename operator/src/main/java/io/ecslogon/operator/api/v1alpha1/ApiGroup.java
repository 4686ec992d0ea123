package io.ecslogon.operator.api.v1alpha1;

/** Names shared by every kind of the API. */
public final class ApiGroup {
  public static final String GROUP = "ecslogon.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "ecslogon";

  /** POSIX-portable user names as ECS and useradd accept them. */
  public static final String USERNAME_PATTERN = "^[a-z_][a-z0-9_-]{0,31}$";
  /** A DNS-1123 subdomain, which is what a Secret or other object name must be. */
  public static final String OBJECT_NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /** An OpenSSH SHA256 fingerprint as {@code ssh-keygen -l} prints it. */
  public static final String SHA256_FINGERPRINT_PATTERN = "^SHA256:[A-Za-z0-9+/]{43}$";

  /** A Go-style duration as Kubernetes users write them: 90s, 5m, 720h, 1h30m. */
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
  /**
   * Exactly one OpenSSH public key line of a supported type: no options in front, no line break,
   * base64 blob, optional comment. ssh-dss is not accepted (OpenSSH itself disabled it).
   */
  public static final String PUBLIC_KEY_PATTERN = "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384"
      + "|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [^\\r\\n]*)?$";

  private ApiGroup() {}
}
