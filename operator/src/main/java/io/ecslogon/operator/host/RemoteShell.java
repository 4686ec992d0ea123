package io.ecslogon.operator.host;

/** Runs commands on one instance as root (through sudo when the admin user is not root). */
public interface RemoteShell {
  CommandResult run(Command command);
}
