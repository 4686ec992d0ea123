/**
 * Compliance: what an instance holds that nobody declared — unknown accounts, keys nobody
 * recognises, preset or empty passwords, sshd letting passwords in, key files sshd ignores or
 * others may write, shell history — judged from what the visit's one command already read
 * ({@link io.ecslogon.operator.compliance.ComplianceAudit}), reported in EcsInstance
 * status.compliance with a Compliant condition ({@link io.ecslogon.operator.compliance.ComplianceReport}).
 */
package io.ecslogon.operator.compliance;
