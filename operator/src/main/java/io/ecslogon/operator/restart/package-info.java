/**
 * Restarting instances, shared by every feature that needs one: a requester (an offline or
 * Console PasswordReset, an ECS key pair attach) asks through
 * {@link io.ecslogon.operator.restart.RestartRequests} and waits for the instance's boot ID to
 * change; the EcsInstance controller alone decides, under spec.restartPolicy, whether and when the
 * instance actually restarts.
 */
package io.ecslogon.operator.restart;
