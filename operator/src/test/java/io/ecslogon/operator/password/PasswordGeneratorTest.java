package io.ecslogon.operator.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordGeneratorTest {
  @Test
  void everyGeneratedPasswordPassesTheEcsRulesAndTheyDiffer() {
    PasswordGenerator generator = new PasswordGenerator(new SecureRandom());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      char[] password = generator.generate();
      assertThat(PasswordRules.problem(password)).as(new String(password)).isEmpty();
      seen.add(new String(password));
    }
    assertThat(seen).hasSize(2000);
  }

  @Test
  void rulesRefuseShortLongSingleClassAndControlCharacters() {
    assertThat(PasswordRules.problem("Ab1!".toCharArray())).hasValueSatisfying(m -> assertThat(m).contains("8 to 30"));
    assertThat(PasswordRules.problem("Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!".toCharArray())).isPresent();
    assertThat(PasswordRules.problem("alllowercase".toCharArray())).hasValueSatisfying(m -> assertThat(m).contains("three"));
    assertThat(PasswordRules.problem("Abcdefg1\nrest".toCharArray())).hasValueSatisfying(m -> assertThat(m).contains("line break"));
    assertThat(PasswordRules.problem("Abcdefg12".toCharArray())).isEmpty();
  }
}
