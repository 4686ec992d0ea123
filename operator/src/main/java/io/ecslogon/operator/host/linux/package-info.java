/** Typed Linux operations and readings on an instance, built on {@link io.ecslogon.operator.host.RemoteShell}. */
package io.ecslogon.operator.host.linux;
