package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.ecsinstance.InstanceAccess;
import io.ecslogon.operator.events.EventRecorder;
import io.ecslogon.operator.password.PasswordGenerator;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import io.ecslogon.operator.provider.alibabacloud.InstancePasswords;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/** What the PasswordReset reconciler needs from the rest of the operator. */
public record PasswordResetDependencies(KubernetesClient client, InstanceAccess instances, PasswordGenerator generator,
    EventRecorder events, Clock clock, InstancePasswords cloudPasswords, CloudCredentialsSource cloudCredentials) {}
