package io.ecslogon.operator.secrets;

/**
 * A referenced Secret does not carry the label that lets the operator use it for this purpose.
 * Thrown before any of its data is decoded, so nothing of it reaches an instance.
 */
public class SecretNotOptedInException extends InvalidSecretException {
  /** The condition reason every controller reports this with. */
  public static final String REASON = "SecretNotOptedIn";

  public SecretNotOptedInException(String namespace, String name, SecretUsage usage, String actual) {
    super("Secret " + namespace + "/" + name + (actual == null ? " has no label " : " is labelled "
        + SecretUsage.LABEL + "=" + actual + ", not ") + SecretUsage.LABEL + "=" + usage.value()
        + "; add that label to let the operator use it");
  }
}
