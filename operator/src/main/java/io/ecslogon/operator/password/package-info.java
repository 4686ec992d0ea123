/** Passwords: generated to the ECS rules, checked before use, never printed. */
package io.ecslogon.operator.password;
