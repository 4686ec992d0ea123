package io.ecslogon.operator.host;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name (or IP literal) into the addresses it stands for; tests substitute their own DNS. */
@FunctionalInterface
public interface HostResolver {
  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
