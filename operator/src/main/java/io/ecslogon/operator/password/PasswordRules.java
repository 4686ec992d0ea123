package io.ecslogon.operator.password;

import java.util.Optional;

/** Whether a password may be set on an instance; the answer never quotes the password. */
public final class PasswordRules {
  private PasswordRules() {}

  /** A reason to refuse, if any: ECS length and character-class rules, no control characters. */
  public static Optional<String> problem(char[] password) {
    if (password.length < 8 || password.length > 30) {
      return Optional.of("the password must be 8 to 30 characters long (ECS rule)");
    }
    int classes = 0;
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean special = false;
    if (hasControlCharacter(password)) {
      return Optional.of("the password contains a control character or line break");
    }
    for (char c : password) {
      upper |= Character.isUpperCase(c);
      lower |= Character.isLowerCase(c);
      digit |= Character.isDigit(c);
      special |= !Character.isLetterOrDigit(c);
    }
    for (boolean present : new boolean[] {upper, lower, digit, special}) {
      classes += present ? 1 : 0;
    }
    if (classes < 3) {
      return Optional.of("the password must mix at least three of upper case, lower case, digits and special"
          + " characters (ECS rule)");
    }
    return Optional.empty();
  }

  /**
   * Whether a line break, NUL or other control character is in it: chpasswd would read a second
   * line, and no login password can hold one, so such a value is never sent anywhere.
   */
  public static boolean hasControlCharacter(char[] password) {
    for (char c : password) {
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
