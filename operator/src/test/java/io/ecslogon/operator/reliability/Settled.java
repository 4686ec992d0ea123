package io.ecslogon.operator.reliability;

import io.ecslogon.operator.api.v1alpha1.HasConditions;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.ResetPhase;
import io.ecslogon.operator.testing.StatusConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Objects;
import java.util.Optional;

/** When a resource has caught up: Ready for the generation it is at now, or a reset that ended. */
final class Settled {
  private Settled() {}

  static boolean ready(CustomResource<?, ? extends HasConditions> resource) {
    if (resource == null || resource.getStatus() == null) {
      return false;
    }
    Optional<Condition> ready = StatusConditions.conditionOf(resource, "Ready");
    return ready.isPresent() && "True".equals(ready.get().getStatus())
        && Objects.equals(ready.get().getObservedGeneration(), resource.getMetadata().getGeneration());
  }

  /** The Ready condition in a few words, for a run that did not settle. */
  static String describe(CustomResource<?, ? extends HasConditions> resource) {
    if (resource == null) {
      return "missing";
    }
    return StatusConditions.conditionOf(resource, "Ready")
        .map(c -> "Ready=" + c.getStatus() + " (" + c.getReason() + ", generation " + c.getObservedGeneration() + " of "
            + resource.getMetadata().getGeneration() + "): " + c.getMessage())
        .orElse("no Ready condition");
  }

  static boolean finished(PasswordReset reset) {
    return reset != null && reset.getStatus() != null
        && (reset.getStatus().getPhase() == ResetPhase.Succeeded || reset.getStatus().getPhase() == ResetPhase.Failed);
  }
}
