package io.ecslogon.operator.password;

import java.security.SecureRandom;

/**
 * Passwords that satisfy the ECS rules (8–30 characters, at least three of upper case, lower
 * case, digits and special characters): this one always draws from all four classes. The
 * special characters leave out quotes, backslash, colon and space, which are awkward in the
 * places people paste passwords into.
 */
public final class PasswordGenerator {
  static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  static final String DIGITS = "23456789";
  static final String SPECIAL = "!@#$%^&*()-_=+[]{}<>,.?";
  private static final String ALL = UPPER + LOWER + DIGITS + SPECIAL;
  public static final int DEFAULT_LENGTH = 20;

  private final SecureRandom random;

  public PasswordGenerator(SecureRandom random) {
    this.random = random;
  }

  public char[] generate() {
    char[] password = new char[DEFAULT_LENGTH];
    String[] classes = {UPPER, LOWER, DIGITS, SPECIAL};
    for (int i = 0; i < password.length; i++) {
      String from = i < classes.length ? classes[i] : ALL;
      password[i] = from.charAt(random.nextInt(from.length()));
    }
    // Shuffle so the guaranteed classes are not always in front.
    for (int i = password.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char swap = password[i];
      password[i] = password[j];
      password[j] = swap;
    }
    return password;
  }
}
