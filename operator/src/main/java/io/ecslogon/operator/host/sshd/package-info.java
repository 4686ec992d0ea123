/**
 * Changing sshd's configuration on an instance without locking anyone out: where a setting wins
 * ({@link io.ecslogon.operator.host.sshd.SshdPlacement}), what the operator's own file holds
 * ({@link io.ecslogon.operator.host.sshd.ManagedSshdFile}), and the change itself, checked with
 * {@code sshd -t}, reloaded, proven by a fresh login and rolled back byte for byte when it fails
 * ({@link io.ecslogon.operator.host.sshd.SshdConfigChange}).
 */
package io.ecslogon.operator.host.sshd;
