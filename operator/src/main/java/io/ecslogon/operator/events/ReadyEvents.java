package io.ecslogon.operator.events;

import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Event (and one log line) each time an object's Ready condition (or another one named) changes
 * status or reason: Normal when it becomes True, Warning otherwise. Retries that end the same way
 * add nothing, so {@code kubectl describe} shows the story, not the retry loop.
 */
public class ReadyEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ReadyEvents.class);

  private final EventRecorder events;

  public ReadyEvents(EventRecorder events) {
    this.events = events;
  }

  public void announce(HasMetadata resource, List<Condition> before, List<Condition> after) {
    announce(resource, ConditionType.READY, before, after);
  }

  public void announce(HasMetadata resource, String type, List<Condition> before, List<Condition> after) {
    Optional<Condition> previous = Conditions.find(before, type);
    Optional<Condition> current = Conditions.find(after, type);
    if (current.isEmpty()) {
      return;
    }
    Condition condition = current.get();
    boolean changed = previous.map(p -> !Objects.equals(p.getStatus(), condition.getStatus())
        || !Objects.equals(p.getReason(), condition.getReason())).orElse(true);
    if (!changed) {
      return;
    }
    LOG.info("{} {}/{} {}={} ({}): {}", resource.getKind(), resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), type, condition.getStatus(), condition.getReason(), condition.getMessage());
    if (Conditions.TRUE.equals(condition.getStatus())) {
      events.normal(resource, condition.getReason(), condition.getMessage());
    } else {
      events.warning(resource, condition.getReason(), condition.getMessage());
    }
  }
}
