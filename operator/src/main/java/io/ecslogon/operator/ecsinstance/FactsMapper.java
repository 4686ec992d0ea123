package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.EffectiveSshd;
import io.ecslogon.operator.api.v1alpha1.InstanceFacts;
import io.ecslogon.operator.api.v1alpha1.LoginUser;
import io.ecslogon.operator.host.linux.HostFacts;
import io.ecslogon.operator.host.linux.SshdSettings;

/** Translates what the host layer read into the EcsInstance status shape. */
final class FactsMapper {
  private FactsMapper() {}

  static InstanceFacts toStatus(HostFacts facts) {
    InstanceFacts status = new InstanceFacts();
    status.setOsRelease(facts.osRelease().prettyName());
    status.setOsId(facts.osRelease().id());
    status.setBootId(facts.bootId());
    status.setLoginUsers(facts.loginAccounts().stream()
        .map(account -> new LoginUser(account.name(), account.uid(), account.shell()))
        .toList());
    status.setSshd(toStatus(facts.sshd(), facts.sshVersion()));
    return status;
  }

  private static EffectiveSshd toStatus(SshdSettings settings, String version) {
    EffectiveSshd sshd = new EffectiveSshd();
    sshd.setPasswordAuthentication(settings.get("passwordauthentication").orElse(null));
    sshd.setPubkeyAuthentication(settings.get("pubkeyauthentication").orElse(null));
    sshd.setPermitRootLogin(settings.get("permitrootlogin").orElse(null));
    sshd.setKbdInteractiveAuthentication(settings.get("kbdinteractiveauthentication").orElse(null));
    sshd.setVersion(version == null || version.isBlank() ? null : version);
    return sshd;
  }
}
