package io.ecslogon.operator.host.sshd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockOutGuardTest {
  @ParameterizedTest(name = "{0} {1} as {2}, key={3}: refused={4}")
  @CsvSource({
      "PubkeyAuthentication,no,root,true,true",
      "PubkeyAuthentication,no,root,false,false",
      "PasswordAuthentication,no,ecs-user,false,true",
      "PasswordAuthentication,no,ecs-user,true,false",
      "PermitRootLogin,no,root,true,true",
      "PermitRootLogin,forced-commands-only,root,true,true",
      "PermitRootLogin,prohibit-password,root,true,false",
      "PermitRootLogin,prohibit-password,root,false,true",
      "PermitRootLogin,no,ecs-user,true,false",
      "PermitRootLogin,yes,root,false,false"})
  void refusesWhatWouldShutTheOperatorOut(String keyword, String value, String admin, boolean usesKey,
      boolean refused) {
    assertThat(LockOutGuard.problem(new SshdDirectives(Map.of(keyword, value)), admin, usesKey).isPresent())
        .isEqualTo(refused);
  }
}
