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
 * One Event (and one log line) each time an object's Ready condition changes status or reason:
 * Normal when it becomes True, Warning otherwise. Retries that end the same way add nothing, so
 * {@code kubectl describe} shows the story, not the retry loop.
 */
public class ReadyEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ReadyEvents.class);

  private final EventRecorder events;

  public ReadyEvents(EventRecorder events) {
    this.events = events;
  }

  public void announce(HasMetadata resource, List<Condition> before, List<Condition> after) {
    Optional<Condition> previous = Conditions.find(before, ConditionType.READY);
    Optional<Condition> current = Conditions.find(after, ConditionType.READY);
    if (current.isEmpty()) {
      return;
    }
    Condition ready = current.get();
    boolean changed = previous.map(p -> !Objects.equals(p.getStatus(), ready.getStatus())
        || !Objects.equals(p.getReason(), ready.getReason())).orElse(true);
    if (!changed) {
      return;
    }
    LOG.info("{} {}/{} Ready={} ({}): {}", resource.getKind(), resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(), ready.getStatus(), ready.getReason(), ready.getMessage());
    if (Conditions.TRUE.equals(ready.getStatus())) {
      events.normal(resource, ready.getReason(), ready.getMessage());
    } else {
      events.warning(resource, ready.getReason(), ready.getMessage());
    }
  }
}
