package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One credential-hygiene finding on an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Finding {
  @JsonPropertyDescription("UnknownUser, UnrecognisedAuthorizedKey, PasswordSet or RootLoginAllowed.")
  private String type;

  @JsonPropertyDescription("The user the finding is about, if any.")
  private String user;

  @JsonPropertyDescription("The SHA256 fingerprint of the key the finding is about, if any.")
  private String fingerprint;

  @JsonPropertyDescription("What was found, for people.")
  private String message;

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

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
