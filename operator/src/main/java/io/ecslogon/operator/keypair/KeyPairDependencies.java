package io.ecslogon.operator.keypair;

import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs;
import io.ecslogon.operator.secrets.SecretReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/** What the KeyPair reconciler needs from the rest of the operator; {@code ecsKeyPairs} for spec.alibabaCloud. */
public record KeyPairDependencies(KubernetesClient client, SecretReader secretReader, KeyGenerations generations,
    EventRecorder events, Clock clock, Duration resyncInterval, EcsKeyPairs ecsKeyPairs,
    CloudCredentialsSource cloudCredentials) {}
