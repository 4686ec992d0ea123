/**
 * EcsInstance: how the operator logs on to an instance, whether it can, and what it finds there.
 * The reconciler observes (connect, verify the host key, read facts) and reports conditions;
 * changes to the instance (sshd policy, compliance) build on the same connection.
 */
package io.ecslogon.operator.ecsinstance;
