package io.ecslogon.operator.testing.ecs;

/**
 * ECS's rule for instance passwords (ModifyInstanceAttribute): 8 to 30 characters of which at
 * least three kinds among upper case, lower case, digits and these special characters.
 */
final class EcsPasswordRule {
  // As the ECS docs list them: ()`~!@#$%^&*-_+=|{}[]:;'<>,.?/
  private static final String SPECIALS = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";

  private EcsPasswordRule() {}

  static boolean accepts(String password) {
    if (password.length() < 8 || password.length() > 30) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean special = false;
    for (char c : password.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (SPECIALS.indexOf(c) >= 0) {
        special = true;
      } else {
        return false;
      }
    }
    int kinds = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (special ? 1 : 0);
    return kinds >= 3;
  }
}
