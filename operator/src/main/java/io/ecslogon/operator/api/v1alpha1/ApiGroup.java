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

  private ApiGroup() {}
}
