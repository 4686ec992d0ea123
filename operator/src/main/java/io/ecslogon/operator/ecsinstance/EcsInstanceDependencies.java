package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.compliance.ComplianceMetrics;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.host.FreshLogin;
import io.ecslogon.operator.host.HostConnectionPool;
import io.ecslogon.operator.host.HostMetrics;
import io.ecslogon.operator.provider.alibabacloud.CloudAssistant;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.EcsKeyPairs;
import io.ecslogon.operator.provider.alibabacloud.InstanceDirectory;
import io.ecslogon.operator.provider.alibabacloud.InstancePower;
import io.ecslogon.operator.secrets.SecretReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What the EcsInstance reconciler needs from the rest of the operator.
 *
 * @param commandTimeout how long one command may run on an instance, over SSH or through Cloud Assistant
 */
public record EcsInstanceDependencies(KubernetesClient client, SecretReader secrets, HostConnectionPool connections,
    FreshLogin freshLogin, Duration commandTimeout, EventRecorder events, HostMetrics metrics, Clock clock, Duration resyncInterval, Duration minRetryDelay,
    Duration maxRetryDelay, Duration askAgainToRestartAfter, UsersWork users, ComplianceMetrics complianceMetrics,
    InstanceDirectory cloudInstances, InstancePower instancePower, CloudAssistant cloudAssistant,
    CloudCredentialsSource cloudCredentials, EcsKeyPairs ecsKeyPairs) {}
