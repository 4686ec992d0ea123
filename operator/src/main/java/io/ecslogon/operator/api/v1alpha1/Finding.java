package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * One credential-hygiene finding on an instance. Never carries secret material: a key is named by
 * its fingerprint, type and comment, a password only by whether one is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Finding {
  @JsonPropertyDescription("Stable across visits: the type and what it is about (type/user[/fingerprint or file]),"
      + " so the same finding keeps its id until it is fixed.")
  private String id;

  @JsonPropertyDescription("UnknownUser, UnrecognisedAuthorizedKey, PasswordSet, EmptyPassword, RootPasswordLogin,"
      + " PasswordLoginEnabled, PermitEmptyPasswords, IgnoredKeyFile or ShellHistory.")
  private String type;

  @JsonPropertyDescription("The account the finding is about, if any.")
  private String user;

  @JsonPropertyDescription("The SHA256 fingerprint of the key the finding is about, if any.")
  private String fingerprint;

  @JsonPropertyDescription("The file or directory the finding is about, if any.")
  private String path;

  @JsonPropertyDescription("What was found, for people.")
  private String message;

  public Finding() {}

  public Finding(String id, String type, String user, String fingerprint, String path, String message) {
    this.id = id;
    this.type = type;
    this.user = user;
    this.fingerprint = fingerprint;
    this.path = path;
    this.message = message;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Finding that && Objects.equals(id, that.id) && Objects.equals(type, that.type)
        && Objects.equals(user, that.user) && Objects.equals(fingerprint, that.fingerprint)
        && Objects.equals(path, that.path) && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, user, fingerprint, path, message);
  }

  @Override
  public String toString() {
    return id + ": " + message;
  }
}
