/**
 * The operator never takes away its own way in. {@link io.ecslogon.operator.lockout.AdminAccess}
 * says how it logs on to an instance (admin user, key or password, which key);
 * {@link io.ecslogon.operator.lockout.LockOutGuard} is the one place every writer asks, before
 * anything is written, whether a change to sshd, keys, sudo, shell, password or account would
 * shut that way. Pure decisions: no Kubernetes types, no commands.
 */
package io.ecslogon.operator.lockout;
