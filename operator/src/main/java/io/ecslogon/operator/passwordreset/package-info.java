/**
 * PasswordReset: one reset of one user's password on one instance, run like a Job
 * (Pending, Running, Succeeded or Failed), resumable after a crash because the password is in its
 * Secret before it is ever applied.
 */
package io.ecslogon.operator.passwordreset;
