package io.ecslogon.operator.testing.ecs;

import java.util.Map;

/**
 * One request the emulator received, as decoded: header names lower-cased. {@code accepted} is
 * whether it was answered 200; otherwise {@code errorCode} is the Code it was refused with.
 */
public record RecordedCall(String action, Map<String, String> parameters, Map<String, String> headers,
    boolean accepted, String errorCode) {
  public RecordedCall {
    parameters = Map.copyOf(parameters);
    headers = Map.copyOf(headers);
  }
}
