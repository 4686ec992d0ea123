package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * What the LogonUser reconciler needs from the rest of the operator.
 *
 * @param fleet the bounded pool a LogonUser's instances are worked on in parallel
 */
public record LogonUserDependencies(KubernetesClient client, InstanceAccess instances, EventRecorder events,
    Clock clock, Duration resyncInterval, ExecutorService fleet) {}
