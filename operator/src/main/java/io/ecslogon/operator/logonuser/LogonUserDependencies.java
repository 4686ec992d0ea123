package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.events.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/** What the LogonUser reconciler needs from the rest of the operator. */
public record LogonUserDependencies(KubernetesClient client, EventRecorder events, Clock clock,
    Duration resyncInterval) {}
