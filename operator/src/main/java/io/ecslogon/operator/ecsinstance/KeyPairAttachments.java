package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPairAttachment;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.RestartPolicy;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.lockout.AdminAccess;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentials;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.CloudInstance;
import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs;
import io.ecslogon.operator.restart.RestartRequest;
import io.ecslogon.operator.restart.RestartRequests;
import io.ecslogon.operator.status.ConditionType;
import io.ecslogon.operator.status.Conditions;
import io.ecslogon.operator.status.StatusRecordWriter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * spec.alibabaCloud.keyPairRef, on a visit that logged on (so the admin credentials just worked and
 * the boot ID is fresh): {@link KeyPairAttachStep} decides; an attach is recorded in
 * status.alibabaCloud.keyPairAttachment <em>before</em> AttachKeyPair is called (a crash after the
 * call finds the record and waits for the restart instead of taking the binding for someone
 * else's), then the restart ECS needs is asked for through the restart component, which carries it
 * out under spec.restartPolicy. The attach is in effect once a visit sees another boot ID, whoever
 * restarted the instance. Every outcome is the KeyPairAttached condition; what changed is an Event.
 */
final class KeyPairAttachments {
  private static final String FIELD_MANAGER = "ecs-logon-operator-keypair-attachment";
  private static final String SOURCE_NAME = "keypair-attachments";

  private final KubernetesClient client;
  private final StatusRecordWriter<EcsInstance> records;
  private final RestartRequests requests;
  private final EcsKeyPairs keyPairs;
  private final CloudCredentialsSource credentials;
  private final EventRecorder events;
  private final Clock clock;
  private InformerEventSource<KeyPair, EcsInstance> source;

  KeyPairAttachments(KubernetesClient client, EcsKeyPairs keyPairs, CloudCredentialsSource credentials,
      EventRecorder events, Clock clock) {
    this.client = client;
    this.records = new StatusRecordWriter<>(client, EcsInstance.class, FIELD_MANAGER);
    this.requests = new RestartRequests(client);
    this.keyPairs = keyPairs;
    this.credentials = credentials;
    this.events = events;
    this.clock = clock;
  }

  /**
   * What a visit came to: the KeyPairAttached condition ({@code status} null: none, there is no
   * keyPairRef) and the attachment record to keep.
   */
  record Outcome(String status, String reason, String message, AlibabaCloudKeyPairAttachment attachment) {
    static Outcome none() {
      return new Outcome(null, null, null, null);
    }
  }

  /**
   * A KeyPair's changes (registered, deleted) wake the instances that reference it. Its own informer
   * (named, beside the LogonUser feature's one): this feature must not depend on which KeyPairs the
   * other one happens to need.
   */
  EventSource<?, EcsInstance> eventSource(EventSourceContext<EcsInstance> context) {
    source = new InformerEventSource<>(InformerEventSourceConfiguration.from(KeyPair.class, EcsInstance.class)
        .withName(SOURCE_NAME)
        .withSecondaryToPrimaryMapper(keyPair -> context.getPrimaryCache().list(keyPair.getMetadata().getNamespace())
            .filter(instance -> keyPair.getMetadata().getName().equals(reference(instance)))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build(), context);
    return source;
  }

  /**
   * @param seen this visit's DescribeInstances answer
   * @param bootId this visit's boot ID
   */
  Outcome visit(EcsInstance instance, AdminAccess admin, CloudInstance seen, String bootId) {
    AlibabaCloudKeyPairAttachment recorded = recorded(instance);
    String reference = reference(instance);
    if (reference == null) {
      // Opt-in: without keyPairRef the operator neither attaches nor detaches, and restarts for nothing.
      if (recorded != null) {
        withdraw(instance, recorded);
        store(instance, null);
      }
      return Outcome.none();
    }
    KeyPair keyPair = source.get(new ResourceID(reference, instance.getMetadata().getNamespace())).orElse(null);
    KeyPairAttachStep.Decision decision = KeyPairAttachStep.decide(reference, keyPair,
        instance.getSpec().getAlibabaCloud().getRegionId(), seen.keyPairName(), admin, recorded, bootId);
    Outcome outcome;
    if (decision instanceof KeyPairAttachStep.Refused refused) {
      if (recorded != null && recorded.getInEffectAt() == null) {
        withdraw(instance, recorded);
      }
      outcome = new Outcome(Conditions.FALSE, refused.reason(), refused.message(), recorded);
    } else if (decision instanceof KeyPairAttachStep.Attach attach) {
      outcome = attach(instance, attach, seen, bootId, recorded);
    } else if (decision instanceof KeyPairAttachStep.Waiting waiting) {
      outcome = waitForRestart(instance, waiting.attachment());
    } else if (decision instanceof KeyPairAttachStep.NowInEffect now) {
      outcome = inEffect(instance, now.attachment(), bootId);
    } else if (decision instanceof KeyPairAttachStep.InEffect steady) {
      outcome = new Outcome(Conditions.TRUE, Reason.KEY_PAIR_ATTACHED, inEffectMessage(steady.attachment()),
          steady.attachment());
    } else {
      String name = ((KeyPairAttachStep.AttachedBefore) decision).keyPairName();
      outcome = new Outcome(Conditions.TRUE, Reason.KEY_PAIR_ATTACHED, "ECS reports key pair " + name + " bound to "
          + seen.instanceId() + " already; the operator did not attach it, so it asks for no restart for it", recorded);
    }
    announceRefusal(instance, outcome);
    return outcome;
  }

  private Outcome attach(EcsInstance instance, KeyPairAttachStep.Attach attach, CloudInstance seen, String bootId,
      AlibabaCloudKeyPairAttachment recorded) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    String name = attach.keyPairName();
    // The record as stored: after a failed AttachKeyPair the new one stays (it says what was asked, and
    // the next visit, still seeing another key pair bound, asks again with a new one).
    AlibabaCloudKeyPairAttachment stored = recorded;
    try {
      CloudCredentials identity = credentials.of(instance);
      // Key pair names are per account: with the instance's credentials the name must hold the key the
      // KeyPair registered, or the lock-out rule would have judged another key than the one ECS installs.
      Optional<EcsKeyPairs.Registered> inEcs = keyPairs.find(identity, cloud.getRegionId(), name);
      if (inEcs.isEmpty() || !EcsKeyPairs.sameFingerprint(inEcs.get().fingerprint(), attach.md5Fingerprint())) {
        return new Outcome(Conditions.FALSE, Reason.KEY_PAIR_NOT_REGISTERED, inEcs.map(found -> "ECS's key pair " + name
            + " for this instance's credentials has fingerprint " + found.fingerprint() + ", not "
            + attach.md5Fingerprint() + " that KeyPair " + attach.keyPair() + " registered (another account's?)")
            .orElse("ECS has no key pair " + name + " in " + cloud.getRegionId() + " for this instance's credentials (is"
                + " KeyPair " + attach.keyPair() + " registered with another account's?)") + "; nothing was attached",
            recorded);
      }
      withdraw(instance, recorded);
      AlibabaCloudKeyPairAttachment attachment = new AlibabaCloudKeyPairAttachment();
      attachment.setKeyPairName(name);
      attachment.setKeyPair(attach.keyPair());
      attachment.setFingerprint(attach.fingerprint());
      attachment.setAttachedAt(now());
      attachment.setBootIdBefore(bootId);
      attachment.setRestartRequestId(instance.getMetadata().getUid() + "/key-pair/" + name + "@"
          + attachment.getAttachedAt());
      store(instance, attachment);
      stored = attachment;
      keyPairs.attach(identity, cloud.getRegionId(), name, cloud.getInstanceId());
      events.normal(instance, Reason.KEY_PAIR_ATTACHED_EVENT, "attached ECS key pair " + name + " (KeyPair "
          + attach.keyPair() + ", key " + attach.fingerprint() + ") to " + cloud.getInstanceId() + " with AttachKeyPair"
          + (seen.keyPairName() == null ? "" : ", in place of " + seen.keyPairName()) + "; at the next start ECS makes"
          + " it root's only authorized key and turns password logins off");
      return waitForRestart(instance, attachment);
    } catch (CloudCredentialsSource.Unusable e) {
      return new Outcome(Conditions.FALSE, e.reason(), e.getMessage(), stored);
    } catch (CloudApiException e) {
      return new Outcome(Conditions.FALSE, Reason.CLOUD_API_ERROR, "attaching key pair " + name + ": " + e.getMessage(),
          stored);
    }
  }

  /** Asks for the restart that puts the attach into effect (once per attach, by the record's request ID). */
  private Outcome waitForRestart(EcsInstance instance, AlibabaCloudKeyPairAttachment attachment) {
    String name = attachment.getKeyPairName();
    String id = attachment.getRestartRequestId();
    if (!ours(instance, id)) {
      RestartRequest request = new RestartRequest(id, "EcsInstance/" + instance.getMetadata().getName(),
          "ECS key pair " + name + " was attached and takes effect at the next start");
      // The API server's copy, not the cache's: another requester's annotation must not be overwritten.
      EcsInstance current = fresh(instance);
      if (requests.ask(current == null ? instance : current, request) == RestartRequests.Answer.BUSY) {
        return new Outcome(Conditions.FALSE, Reason.KEY_PAIR_ATTACH_PENDING, "key pair " + name + " is attached in"
            + " ECS and takes effect at the next start; another restart request is carried out first", attachment);
      }
    }
    if (instance.getSpec().getRestartPolicy() != RestartPolicy.IfRequired) {
      return new Outcome(Conditions.FALSE, Reason.WAITING_FOR_RESTART, "key pair " + name + " is attached in ECS and"
          + " takes effect at the next start; spec.restartPolicy is Never, so the operator does not restart the"
          + " instance: set IfRequired, or restart it yourself", attachment);
    }
    return new Outcome(Conditions.FALSE, Reason.KEY_PAIR_ATTACH_PENDING, "key pair " + name + " is attached in ECS;"
        + " the instance is restarted to put it into effect", attachment);
  }

  private Outcome inEffect(EcsInstance instance, AlibabaCloudKeyPairAttachment attachment, String bootId) {
    AlibabaCloudKeyPairAttachment done = Serialization.clone(attachment);
    done.setInEffectAt(now());
    // Restarted by hand (under Never, say): the request is no longer needed.
    withdraw(instance, attachment);
    store(instance, done);
    events.normal(instance, Reason.KEY_PAIR_IN_EFFECT, "ECS key pair " + done.getKeyPairName() + " is in effect: the"
        + " instance started again (boot ID " + bootId + ") since it was attached; root logs on with key "
        + done.getFingerprint());
    return new Outcome(Conditions.TRUE, Reason.KEY_PAIR_ATTACHED, inEffectMessage(done), done);
  }

  private static String inEffectMessage(AlibabaCloudKeyPairAttachment attachment) {
    return "key pair " + attachment.getKeyPairName() + " (KeyPair " + attachment.getKeyPair() + ") is attached and in"
        + " effect since " + attachment.getInEffectAt();
  }

  /** A refusal or a failure is news once, not at every visit. */
  private void announceRefusal(EcsInstance instance, Outcome outcome) {
    if (!Conditions.FALSE.equals(outcome.status()) || Reason.KEY_PAIR_ATTACH_PENDING.equals(outcome.reason())
        || Reason.WAITING_FOR_RESTART.equals(outcome.reason())) {
      return;
    }
    if (instance.getStatus() == null || Conditions.news(instance.getStatus().getConditions(),
        ConditionType.KEY_PAIR_ATTACHED, outcome.reason(), outcome.message())) {
      events.warning(instance, outcome.reason(), outcome.message());
    }
  }

  /**
   * Takes back the restart request of an attach, if it is still the pending one: judged on the API
   * server's copy, since another requester's may have followed it since the cache was filled.
   */
  private void withdraw(EcsInstance instance, AlibabaCloudKeyPairAttachment attachment) {
    if (attachment == null || attachment.getRestartRequestId() == null
        || !ours(instance, attachment.getRestartRequestId())) {
      return;
    }
    EcsInstance current = fresh(instance);
    if (current != null && ours(current, attachment.getRestartRequestId())) {
      requests.clear(current);
    }
  }

  private static boolean ours(EcsInstance instance, String requestId) {
    return RestartRequests.pending(instance).filter(request -> request.id().equals(requestId)).isPresent();
  }

  /** The record written at once (null removes it): it must be stored before ECS is asked. */
  private void store(EcsInstance instance, AlibabaCloudKeyPairAttachment attachment) {
    records.write(instance, attachment, AlibabaCloudKeyPairAttachment.class, "alibabaCloud", "keyPairAttachment");
  }

  private EcsInstance fresh(EcsInstance instance) {
    return client.resources(EcsInstance.class).inNamespace(instance.getMetadata().getNamespace())
        .withName(instance.getMetadata().getName()).get();
  }

  private static AlibabaCloudKeyPairAttachment recorded(EcsInstance instance) {
    return instance.getStatus() == null || instance.getStatus().getAlibabaCloud() == null ? null
        : instance.getStatus().getAlibabaCloud().getKeyPairAttachment();
  }

  private static String reference(EcsInstance instance) {
    AlibabaCloudInstance cloud = instance.getSpec() == null ? null : instance.getSpec().getAlibabaCloud();
    return cloud == null || cloud.getKeyPairRef() == null ? null : cloud.getKeyPairRef().getName();
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
