package io.ecslogon.operator.host.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordLoginsTest {
  private static SshdSettings sshd(String text) {
    return SshdSettings.parse(text);
  }

  @Test
  void debiansDefaultRefusesRootPasswordsButNotOtherUsers() {
    SshdSettings debian = sshd("passwordauthentication yes\npermitrootlogin without-password\nauthenticationmethods any\n");

    assertThat(PasswordLogins.refusal(debian, "root")).hasValue(
        "PermitRootLogin without-password (sshd -T -C user=root) lets root in with a key only");
    assertThat(PasswordLogins.refusal(debian, "alice")).isEmpty();
  }

  @Test
  void passwordsOffOrAnotherMethodRequiredAreRefusals() {
    assertThat(PasswordLogins.refusal(sshd("passwordauthentication no\n"), "alice"))
        .hasValueSatisfying(r -> assertThat(r).startsWith("PasswordAuthentication no"));
    assertThat(PasswordLogins.refusal(sshd("passwordauthentication yes\nauthenticationmethods publickey,password\n"),
        "alice")).hasValueSatisfying(r -> assertThat(r).startsWith("AuthenticationMethods publickey,password"));
    assertThat(PasswordLogins.refusal(sshd("passwordauthentication yes\nauthenticationmethods publickey password\n"),
        "alice")).isEmpty();
    assertThat(PasswordLogins.refusal(sshd("passwordauthentication yes\npermitrootlogin yes\n"), "root")).isEmpty();
    assertThat(PasswordLogins.refusal(SshdSettings.unreadable("sshd -T failed"), "root")).hasValue("sshd -T failed");
  }
}
