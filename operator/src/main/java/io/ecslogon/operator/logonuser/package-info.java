/**
 * LogonUser: a user, its authorized keys and its sudo rule, converged on one instance or on every
 * instance matching a selector, and removed according to the deletion policy.
 */
package io.ecslogon.operator.logonuser;
