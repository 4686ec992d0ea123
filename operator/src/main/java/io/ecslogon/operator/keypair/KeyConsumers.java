package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.InstanceResult;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairReference;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The LogonUsers that authorise a KeyPair's key, and whether all of them have moved to its
 * current key: every instance they target reports it ready with the current fingerprint. Until
 * then a replaced key stays listed, so no consumer loses its only working key (make-before-break).
 *
 * <p>Read from an informer cache indexed by the KeyPairs each LogonUser references, never by
 * listing LogonUsers: a namespace with hundreds of KeyPairs would otherwise list every LogonUser
 * once per KeyPair visit. The same informer wakes a KeyPair that still lists a replaced key when
 * one of its consumers changes, so the old key goes as soon as the last consumer has moved.
 */
final class KeyConsumers {
  static final String BY_KEY_PAIR = "keyPairRef";

  private final IndexedResourceCache<LogonUser> users;

  KeyConsumers(IndexedResourceCache<LogonUser> users) {
    this.users = users;
  }

  /**
   * The LogonUser informer for KeyPairs: indexed by namespace/KeyPair name, and mapped to the
   * referenced KeyPairs only while they still list a replaced key (nothing else in a KeyPair
   * depends on its consumers, so other LogonUser changes cause no KeyPair visit).
   */
  static InformerEventSource<LogonUser, KeyPair> eventSource(EventSourceContext<KeyPair> context) {
    var configuration = InformerEventSourceConfiguration.from(LogonUser.class, KeyPair.class)
        .withSecondaryToPrimaryMapper(user -> referenced(user).stream()
            .filter(id -> context.getPrimaryCache().get(id).map(KeyConsumers::listsReplacedKeys).orElse(false))
            .collect(Collectors.toSet()))
        .build();
    InformerEventSource<LogonUser, KeyPair> source = new InformerEventSource<>(configuration, context);
    source.addIndexers(Map.of(BY_KEY_PAIR, user -> referenced(user).stream()
        .map(KeyConsumers::indexKey)
        .toList()));
    return source;
  }

  boolean allMovedTo(KeyPair keyPair, String fingerprint) {
    return users.byIndex(BY_KEY_PAIR, indexKey(ResourceID.fromResource(keyPair))).stream()
        .allMatch(user -> moved(user, fingerprint));
  }

  private static Set<ResourceID> referenced(LogonUser user) {
    List<KeyPairReference> refs = user.getSpec() == null ? null : user.getSpec().getKeyPairRefs();
    if (refs == null) {
      return Set.of();
    }
    return refs.stream()
        .filter(ref -> ref.getName() != null)
        .map(ref -> new ResourceID(ref.getName(), user.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static String indexKey(ResourceID keyPair) {
    return keyPair.getNamespace().orElse("") + "/" + keyPair.getName();
  }

  private static boolean listsReplacedKeys(KeyPair keyPair) {
    return keyPair.getStatus() != null && keyPair.getStatus().getPreviousPublicKeys() != null
        && !keyPair.getStatus().getPreviousPublicKeys().isEmpty();
  }

  private static boolean moved(LogonUser user, String fingerprint) {
    if (user.getStatus() == null || user.getStatus().getInstances() == null) {
      return false;
    }
    List<InstanceResult> instances = user.getStatus().getInstances();
    return instances.stream().allMatch(result -> Boolean.TRUE.equals(result.getReady())
        && result.getKeyFingerprints() != null && result.getKeyFingerprints().contains(fingerprint));
  }
}
