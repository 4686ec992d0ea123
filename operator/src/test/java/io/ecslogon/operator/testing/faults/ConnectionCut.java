package io.ecslogon.operator.testing.faults;

/** What cut a connection, as counted by {@link FaultyTcpProxy#cuts()}. */
public enum ConnectionCut {
  /** {@link FaultyTcpProxy#dropAll()}: both sides reset. */
  DROPPED,
  /** {@link FaultyTcpProxy#truncateAfter(long)}: the reply ended early, both sides closed. */
  TRUNCATED,
  /** {@link FaultyTcpProxy#down()}: open connections reset as the proxy stopped listening. */
  DOWN
}
