package io.ecslogon.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** When a generated key is replaced (cert-manager style: the key lives for interval and is renewed renewBefore its end). */
@ValidationRule(value = "!has(self.renewBefore) || duration(self.renewBefore) < duration(self.interval)",
    message = "renewBefore must be shorter than interval")
@ValidationRule(value = "duration(self.interval) >= duration('" + KeyRotation.MIN_INTERVAL + "') && duration(self.interval) <= duration('" + KeyRotation.MAX_INTERVAL + "')",
    message = "interval must be between " + KeyRotation.MIN_INTERVAL + " and " + KeyRotation.MAX_INTERVAL + " (10 years)")
public class KeyRotation {
  /** Shorter would churn keys (and status.previousPublicKeys) faster than consumers can follow. */
  public static final String MIN_INTERVAL = "1h";
  /** Longer is no rotation at all, and soon overflows time arithmetic. */
  public static final String MAX_INTERVAL = "87600h";


  @Required
  @Pattern(ApiGroup.DURATION_PATTERN)
  @JsonPropertyDescription("How long a generated key lives, as a duration between 1h and 87600h (for example 720h).")
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
