package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.RestartPolicy;
import io.ecslogon.operator.api.v1alpha1.RestartRecord;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.HostMetrics;
import io.ecslogon.operator.host.RemoteShell;
import io.ecslogon.operator.restart.RestartRequest;
import io.ecslogon.operator.restart.RestartRequests;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.StatusRecordWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The instance side of restarts. A restart is recorded in status.lastRestart (with the boot ID
 * before it) <em>before</em> the instance is asked to reboot, and is done when the instance answers
 * again, with the trusted host key, under a different boot ID. So an operator that crashes while
 * waiting finds the record when it comes back and waits instead of asking again. The one case
 * where it does ask again is a record whose boot ID has not changed long after the request: no
 * restart happened then (the crash fell between recording and asking), so asking cannot restart
 * the instance twice.
 */
final class InstanceRestarts {
  private static final String FIELD_MANAGER = "ecs-logon-operator-restarts";
  static final String CONFIRMED_BY_BOOT_ID = "BootId";
  static final String CONFIRMED_BY_ECS_STATUS = "EcsStatus";

  private final KubernetesClient client;
  private final StatusRecordWriter<EcsInstance> records;
  private final RestartRequests requests;
  private final EventRecorder events;
  private final HostMetrics metrics;
  private final Clock clock;
  private final Duration askAgainAfter;
  private final RebootMethod rebootMethod;

  InstanceRestarts(KubernetesClient client, EventRecorder events, HostMetrics metrics, Clock clock,
      Duration askAgainAfter, RebootMethod rebootMethod) {
    this.rebootMethod = rebootMethod;
    this.metrics = metrics;
    this.client = client;
    this.records = new StatusRecordWriter<>(client, EcsInstance.class, FIELD_MANAGER);
    this.requests = new RestartRequests(client);
    this.events = events;
    this.clock = clock;
    this.askAgainAfter = askAgainAfter;
  }

  /** What this visit decided, as status.lastRestart and the RestartRequired condition. */
  record Decision(RestartRecord lastRestart, String required, String reason, String message, boolean restarting) {}

  static boolean isPending(RestartRecord record) {
    return record != null && record.getRequestedAt() != null && record.getCompletedAt() == null;
  }

  /** While the instance cannot be reached: why, if it is because the operator restarted it. */
  Optional<String> restartInProgress(EcsInstance instance) {
    RestartRecord last = lastRestart(instance);
    if (!isPending(last)) {
      return Optional.empty();
    }
    last = lastRestart(fresh(instance));
    return isPending(last)
        ? Optional.of("restarting for " + last.getRequestedBy() + " since " + last.getRequestedAt()
            + "; work on this instance waits until it is back")
        : Optional.empty();
  }

  Decision visit(EcsInstance cached, RemoteShell shell, String bootId) {
    EcsInstance instance = cached;
    RestartRecord last = lastRestart(instance);
    if (isPending(last) || RestartRequests.pending(instance).isPresent() || RestartRequests.malformed(instance).isPresent()) {
      // The informer's copy may predate this controller's own last write; a restart decision is
      // made on what the API server holds.
      instance = fresh(cached);
      last = lastRestart(instance);
    }
    Optional<RestartRequest> request = RestartRequests.pending(instance);
    if (isPending(last)) {
      return waitOrConfirm(instance, shell, bootId, last, request);
    }
    if (request.isPresent()) {
      if (last != null && request.get().id().equals(last.getRequestId())) {
        requests.clear(instance);
      } else if (instance.getSpec().getRestartPolicy() == RestartPolicy.IfRequired) {
        return restart(instance, shell, bootId, request.get());
      } else {
        return new Decision(last, Conditions.TRUE, Reason.RESTART_NOT_ALLOWED, request.get().requestedBy()
            + " needs a restart (" + request.get().reason() + "); spec.restartPolicy is Never, so it waits: set"
            + " IfRequired, or restart the instance yourself", false);
      }
    }
    Optional<String> malformed = RestartRequests.malformed(instance);
    if (malformed.isPresent()) {
      if (!alreadyReported(instance, malformed.get())) {
        events.warning(instance, Reason.RESTART_REQUEST_INVALID, malformed.get());
      }
      return new Decision(last, Conditions.FALSE, Reason.RESTART_REQUEST_INVALID, malformed.get(), false);
    }
    return new Decision(last, Conditions.FALSE, Reason.NO_RESTART_REQUESTED, "no restart requested", false);
  }

  private static boolean alreadyReported(EcsInstance instance, String message) {
    return instance.getStatus() != null && Conditions.find(instance.getStatus().getConditions(),
            ConditionType.RESTART_REQUIRED)
        .filter(c -> Reason.RESTART_REQUEST_INVALID.equals(c.getReason()) && message.equals(c.getMessage()))
        .isPresent();
  }

  private Decision waitOrConfirm(EcsInstance instance, RemoteShell shell, String bootId, RestartRecord last,
      Optional<RestartRequest> request) {
    if (!bootId.equals(last.getPreviousBootId())) {
      RestartRecord done = Serialization.clone(last);
      done.setCompletedAt(now());
      done.setBootId(bootId);
      done.setConfirmedBy(CONFIRMED_BY_BOOT_ID);
      events.normal(instance, Reason.RESTARTED, "restarted for " + last.getRequestedBy() + " (" + last.getReason()
          + "): back with a new boot ID and the trusted host key");
      if (request.isPresent() && request.get().id().equals(last.getRequestId())) {
        requests.clear(instance);
      }
      return new Decision(done, Conditions.FALSE, Reason.RESTARTED, "restarted at the request of "
          + last.getRequestedBy(), false);
    }
    if (Instant.parse(last.getRequestedAt()).plus(askAgainAfter).isBefore(clock.instant())) {
      RestartRecord again = Serialization.clone(last);
      again.setRequestedAt(now());
      record(instance, again);
      String how;
      try {
        how = rebootMethod.reboot(instance, shell);
      } catch (RebootMethod.NotAsked e) {
        return notAsked(instance, again, e);
      }
      acceptedByCloud(instance, again);
      events.warning(instance, Reason.RESTARTING, "the instance had not restarted " + askAgainAfter.toSeconds()
          + " s after it was asked (boot ID unchanged); asked again with " + how);
      return new Decision(again, Conditions.TRUE, Reason.RESTARTING, "asked again to restart for "
          + last.getRequestedBy(), true);
    }
    return new Decision(last, Conditions.TRUE, Reason.RESTARTING, "restarting for " + last.getRequestedBy() + " ("
        + last.getReason() + "); the boot ID has not changed yet", true);
  }

  /**
   * A requested restart while the instance cannot be logged on to (SSH unreachable, or the
   * operator's credentials refused: a locked-out instance): carried out only where the cloud can do
   * it without a logon (spec.alibabaCloud) and spec.restartPolicy allows it. The boot ID to tell the
   * restart by is the last one a visit read (none if it was never logged on to: the first logon
   * after the restart then completes it); where no logon is possible afterwards either, ECS's word
   * completes it ({@link #confirmedByCloud}).
   */
  Optional<Decision> restartWithoutShell(EcsInstance cached) {
    if (!RebootMethod.worksWithoutShell(cached) || cached.getSpec().getRestartPolicy() != RestartPolicy.IfRequired) {
      return Optional.empty();
    }
    EcsInstance instance = fresh(cached);
    RestartRecord last = lastRestart(instance);
    Optional<RestartRequest> request = RestartRequests.pending(instance);
    if (isPending(last) || request.isEmpty() || (last != null && request.get().id().equals(last.getRequestId()))) {
      return Optional.empty();
    }
    String lastBootId = instance.getStatus() == null || instance.getStatus().getFacts() == null ? null
        : instance.getStatus().getFacts().getBootId();
    return Optional.of(restart(instance, null, lastBootId, request.get()));
  }

  /**
   * A pending restart that ECS never accepted (refused, throttled, or the acceptance not stored)
   * on an instance nobody can log on to: asked for again through ECS once askAgainAfter has
   * passed, as a visit that logs on would ask again. Empty when there is nothing to ask again.
   */
  Optional<Decision> askAgainWithoutShell(EcsInstance cached) {
    if (!RebootMethod.worksWithoutShell(cached) || !isPending(lastRestart(cached))) {
      return Optional.empty();
    }
    EcsInstance instance = fresh(cached);
    RestartRecord last = lastRestart(instance);
    if (!isPending(last) || last.getCloudRebootAcceptedAt() != null
        || Instant.parse(last.getRequestedAt()).plus(askAgainAfter).isAfter(clock.instant())) {
      return Optional.empty();
    }
    RestartRecord again = Serialization.clone(last);
    again.setRequestedAt(now());
    record(instance, again);
    String how;
    try {
      how = rebootMethod.reboot(instance, null);
    } catch (RebootMethod.NotAsked e) {
      return Optional.of(notAsked(instance, again, e));
    }
    acceptedByCloud(instance, again);
    events.warning(instance, Reason.RESTARTING, "ECS had not accepted the restart " + askAgainAfter.toSeconds()
        + " s after it was asked; asked again with " + how);
    return Optional.of(new Decision(again, Conditions.TRUE, Reason.RESTARTING, "asked again to restart for "
        + last.getRequestedBy(), true));
  }

  /**
   * ECS reports the instance not Running while a restart it accepted is pending: the restart under
   * way. The first such sighting after the acceptance is stored, as half of what proves the
   * restart where no logon can ({@link #confirmedByCloud}). Empty when no restart of the
   * operator's is pending.
   */
  Optional<Decision> whileCloudReportsNotRunning(EcsInstance cached) {
    if (!isPending(lastRestart(cached))) {
      // A stopped instance nobody restarts: no read of the API server on every visit.
      return Optional.empty();
    }
    EcsInstance instance = fresh(cached);
    RestartRecord last = lastRestart(instance);
    if (!isPending(last)) {
      return Optional.empty();
    }
    if (last.getCloudRebootAcceptedAt() != null && !seenNotRunningSinceAccepted(last)) {
      last = Serialization.clone(last);
      last.setCloudSeenNotRunningAt(now());
      record(instance, last);
    }
    return Optional.of(new Decision(last, Conditions.TRUE, Reason.RESTARTING, "restarting for "
        + last.getRequestedBy() + " since " + last.getRequestedAt() + "; work on this instance waits until it is"
        + " back", true));
  }

  /**
   * A pending restart of an instance that ECS reports Running but the operator cannot log on to
   * (locked out, or sshd broken), so no boot ID can tell it: done if ECS accepted RebootInstance for
   * this record, was then seen reporting the instance not Running, and now reports it Running. That
   * sequence is ECS's own account of a stop and a start after the operator's request; nothing less
   * completes it (a restart nobody saw is left pending, and says so).
   *
   * <p>Where sshd does not answer at all, that is also what a booting instance looks like, so ECS's
   * word is taken only once a logon had askAgainAfter to read the new boot ID and did not; where
   * sshd answers and refuses the operator, no waiting can change that.
   *
   * @param cloudSaysRunning whether this visit's DescribeInstances answer said Running
   * @param sshAnswered whether sshd answered (and refused the operator's credentials)
   */
  Optional<Decision> confirmedByCloud(EcsInstance cached, boolean cloudSaysRunning, boolean sshAnswered) {
    if (!cloudSaysRunning || !isPending(lastRestart(cached))) {
      return Optional.empty();
    }
    EcsInstance instance = fresh(cached);
    RestartRecord last = lastRestart(instance);
    if (!isPending(last)) {
      return Optional.empty();
    }
    boolean patienceLeft = !sshAnswered
        && Instant.parse(last.getRequestedAt()).plus(askAgainAfter).isAfter(clock.instant());
    if (last.getCloudRebootAcceptedAt() == null || !seenNotRunningSinceAccepted(last) || patienceLeft) {
      String why = patienceLeft ? "waiting for sshd to answer with a new boot ID"
          : "the operator cannot log on to read a new boot ID, and ECS has not been seen reporting the instance"
              + " stopped and started again since it accepted RebootInstance";
      return Optional.of(new Decision(last, Conditions.TRUE, Reason.RESTARTING, "restarting for "
          + last.getRequestedBy() + "; not confirmed yet: " + why, false));
    }
    RestartRecord done = Serialization.clone(last);
    done.setCompletedAt(now());
    done.setConfirmedBy(CONFIRMED_BY_ECS_STATUS);
    events.normal(instance, Reason.RESTARTED, "restarted for " + last.getRequestedBy() + " (" + last.getReason()
        + "): ECS accepted RebootInstance, reported the instance not Running, then Running again; the operator"
        + " cannot log on to it to read a new boot ID");
    RestartRequests.pending(instance).filter(request -> request.id().equals(last.getRequestId()))
        .ifPresent(request -> requests.clear(instance));
    return Optional.of(new Decision(done, Conditions.FALSE, Reason.RESTARTED, "restarted at the request of "
        + last.getRequestedBy() + " (confirmed by ECS's instance status)", false));
  }

  private static boolean seenNotRunningSinceAccepted(RestartRecord record) {
    // RFC 3339 UTC in whole seconds, always the same form: the strings order as the times do.
    return record.getCloudSeenNotRunningAt() != null && record.getCloudRebootAcceptedAt() != null
        && record.getCloudSeenNotRunningAt().compareTo(record.getCloudRebootAcceptedAt()) >= 0;
  }

  /**
   * ECS took the request: stored at once, since only a sighting after this moment counts towards
   * proving the restart without a logon.
   */
  private void acceptedByCloud(EcsInstance instance, RestartRecord record) {
    if (RebootMethod.worksWithoutShell(instance)) {
      record.setCloudRebootAcceptedAt(now());
      record(instance, record);
    }
  }

  private Decision restart(EcsInstance instance, RemoteShell shell, String bootId, RestartRequest request) {
    RestartRecord record = new RestartRecord();
    record.setRequestId(request.id());
    record.setRequestedBy(request.requestedBy());
    record.setReason(request.reason());
    record.setRequestedAt(now());
    record.setPreviousBootId(bootId);
    record(instance, record);
    String how;
    try {
      how = rebootMethod.reboot(instance, shell);
    } catch (RebootMethod.NotAsked e) {
      return notAsked(instance, record, e);
    }
    acceptedByCloud(instance, record);
    metrics.restartRequested();
    events.normal(instance, Reason.RESTARTING, "restarting with " + how + " for " + request.requestedBy() + " ("
        + request.reason() + ")");
    return new Decision(record, Conditions.TRUE, Reason.RESTARTING, "restarting for " + request.requestedBy(), true);
  }

  /**
   * The cloud would not restart it: the record stays (so nothing restarts twice), the restart is
   * asked for again after askAgainAfter, and a Warning says why meanwhile.
   */
  private Decision notAsked(EcsInstance instance, RestartRecord record, RebootMethod.NotAsked why) {
    String message = why.getMessage() + "; asked again " + askAgainAfter.toSeconds() + " s after the request";
    events.warning(instance, Reason.RESTART_NOT_ASKED, message);
    return new Decision(record, Conditions.TRUE, Reason.RESTARTING, message, true);
  }

  /** Written at once, not with the rest of the status: it must be stored before the reboot is asked for. */
  private void record(EcsInstance instance, RestartRecord record) {
    records.write(instance, record, RestartRecord.class, "lastRestart");
  }

  private EcsInstance fresh(EcsInstance instance) {
    EcsInstance current = client.resources(EcsInstance.class).inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName()).get();
    return current == null ? instance : current;
  }

  private static RestartRecord lastRestart(EcsInstance instance) {
    return instance.getStatus() == null ? null : instance.getStatus().getLastRestart();
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
