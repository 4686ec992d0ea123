package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.convergence.DesiredUser;
import io.ecslogon.operator.ecsinstance.UsersWork;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.password.PasswordGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The LogonUser feature's part of every EcsInstance visit: a LogonUser or KeyPair change wakes
 * exactly the instances it applies to (from the caches), and each visit compiles its instance's
 * {@link InstancePlan} from all LogonUsers of the namespace and carries it out ({@link UsersVisit}).
 */
public final class UsersOnInstances implements UsersWork {
  private final KubernetesClient client;
  private final EventRecorder events;
  private final PasswordSource passwords;
  private final RefusalsAnnounced refusals = new RefusalsAnnounced();
  private InformerEventSource<LogonUser, EcsInstance> logonUsers;
  private InformerEventSource<KeyPair, EcsInstance> keyPairs;
  private DesiredUsers desiredUsers;

  public UsersOnInstances(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
    this.passwords = new PasswordSource(client, new PasswordGenerator(new SecureRandom()));
  }

  @Override
  public List<EventSource<?, EcsInstance>> eventSources(EventSourceContext<EcsInstance> context) {
    InformerEventSource<LogonUser, EcsInstance> users = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(LogonUser.class, EcsInstance.class)
            .withOnUpdateFilter(UsersOnInstances::mattersToInstances)
            .withSecondaryToPrimaryMapper(user -> instancesOf(context, (LogonUser) user)).build(), context);
    InformerEventSource<KeyPair, EcsInstance> keyPairSource = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(KeyPair.class, EcsInstance.class)
            .withSecondaryToPrimaryMapper(keyPair -> instancesUsing(context, keyPair)).build(), context);
    this.logonUsers = users;
    this.keyPairs = keyPairSource;
    this.desiredUsers = new DesiredUsers((namespace, name) -> keyPairSource.get(new ResourceID(name, namespace)));
    return List.of(users, keyPairSource);
  }

  /**
   * A LogonUser's own status writes (its summary of the instances) change nothing on them; its
   * spec, its deletion and the recording of a generated password Secret do.
   */
  static boolean mattersToInstances(LogonUser now, LogonUser before) {
    return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || !Objects.equals(now.getMetadata().getDeletionTimestamp(), before.getMetadata().getDeletionTimestamp())
        || !Objects.equals(PasswordSource.recordedUid(now), PasswordSource.recordedUid(before));
  }

  /**
   * The instances a LogonUser targets, and those that still report it (it may have left them).
   * None while a KeyPair it references has no key yet: every visit would only report
   * KeyPairNotReady and change nothing, and the KeyPair's own update, once it has its key, wakes
   * the same instances (a fleet would otherwise run every visit twice for one new key).
   */
  private Set<ResourceID> instancesOf(EventSourceContext<EcsInstance> context, LogonUser user) {
    if (user.getMetadata().getDeletionTimestamp() == null && waitsForAKey(user)) {
      return Set.of();
    }
    return instancesOfAnyway(context, user);
  }

  private boolean waitsForAKey(LogonUser user) {
    return user.getSpec().getKeyPairRefs() != null && user.getSpec().getKeyPairRefs().stream()
        .map(ref -> keyPairs.get(new ResourceID(ref.getName(), user.getMetadata().getNamespace())))
        .anyMatch(keyPair -> keyPair.isPresent() && (keyPair.get().getStatus() == null
            || keyPair.get().getStatus().getPublicKey() == null));
  }

  private Set<ResourceID> instancesOfAnyway(EventSourceContext<EcsInstance> context, LogonUser user) {
    return context.getPrimaryCache().list(user.getMetadata().getNamespace())
        .filter(instance -> LogonUserTargets.targets(user, instance) || InstancePlan.previous(instance, user).isPresent())
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** A KeyPair without a key changes nothing on an instance: its LogonUsers wait for it. */
  private Set<ResourceID> instancesUsing(EventSourceContext<EcsInstance> context, HasMetadata changed) {
    KeyPair keyPair = (KeyPair) changed;
    if (keyPair.getStatus() == null || keyPair.getStatus().getPublicKey() == null) {
      return Set.of();
    }
    String name = keyPair.getMetadata().getName();
    return logonUsers.list(keyPair.getMetadata().getNamespace())
        .filter(user -> LogonUserTargets.references(user, name))
        .flatMap(user -> instancesOfAnyway(context, user).stream())
        .collect(Collectors.toSet());
  }

  @Override
  public Plan plan(EcsInstance instance) {
    List<LogonUser> users = logonUsers.list(instance.getMetadata().getNamespace()).toList();
    InstancePlan plan = InstancePlan.compile(instance, users, new InstancePlan.Sources() {
      @Override
      public DesiredUser desired(LogonUser user) {
        return desiredUsers.of(user);
      }

      @Override
      public DesiredUser forRemoval(LogonUser user) {
        return desiredUsers.forRemoval(user);
      }

      @Override
      public Optional<PasswordSource.Password> password(LogonUser user) {
        return passwords.recorded(user);
      }
    });
    return new UsersVisit(instance, plan, events, this::gone, refusals);
  }

  /**
   * Asked of the API server, not the cache, before anything of an owner is removed: a LogonUser
   * the cache has not seen yet must never be taken for a gone one. Unsure means not gone.
   */
  private boolean gone(String owner) {
    int slash = owner.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    try {
      return client.resources(LogonUser.class).inNamespace(owner.substring(0, slash))
          .withName(owner.substring(slash + 1)).get() == null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

}
