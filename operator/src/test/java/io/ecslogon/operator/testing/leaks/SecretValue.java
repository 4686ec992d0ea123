package io.ecslogon.operator.testing.leaks;

/**
 * One secret a test created: where it came from ({@code namespace/name[key]}, or the label a test
 * gave it) and its text. {@link #toString()} never shows the value, so a failing scan can name it.
 */
public record SecretValue(String origin, String value) {
  @Override
  public String toString() {
    return origin;
  }
}
