package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudKeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import java.util.Optional;
import java.util.regex.Pattern;

/** The name a KeyPair's key is registered under in ECS, and whether ECS would take it. */
final class EcsKeyPairName {
  private static final Pattern ECS_RULES = Pattern.compile(AlibabaCloudKeyPair.KEY_PAIR_NAME_PATTERN);

  private EcsKeyPairName() {}

  /** spec.alibabaCloud.keyPairName, or namespace-name: unique per cluster, and readable in the console. */
  static String of(KeyPair keyPair) {
    String name = keyPair.getSpec().getAlibabaCloud().getKeyPairName();
    return name != null ? name : keyPair.getMetadata().getNamespace() + "-" + keyPair.getMetadata().getName();
  }

  /**
   * Why ECS would refuse {@code name}, if it would. The schema checks an explicit name; the default
   * one can break ECS's rules (a namespace starting with a digit, more than 128 characters).
   */
  static Optional<String> problem(String name) {
    if (ECS_RULES.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of("ECS does not accept the key pair name " + name + " (2-128 characters, a letter first, then"
        + " letters, digits, '.', '_', '-' or ':'); set spec.alibabaCloud.keyPairName");
  }
}
