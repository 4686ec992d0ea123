package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** When a generated key is replaced (cert-manager style: the key lives for interval and is renewed renewBefore its end). */
@ValidationRule(value = "!has(self.renewBefore) || duration(self.renewBefore) < duration(self.interval)",
    message = "renewBefore must be shorter than interval")
public class KeyRotation {
  @Required
  @Pattern(ApiGroup.DURATION_PATTERN)
  @JsonPropertyDescription("How long a generated key lives, as a duration (for example 720h).")
  private String interval;

  @Pattern(ApiGroup.DURATION_PATTERN)
  @JsonPropertyDescription("How long before the end of its interval the key is replaced, so consumers have time to move to the new key. Defaults to a third of interval.")
  private String renewBefore;

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getRenewBefore() {
    return renewBefore;
  }

  public void setRenewBefore(String renewBefore) {
    this.renewBefore = renewBefore;
  }
}
