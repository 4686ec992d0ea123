package io.ecslogon.operator.ecsinstance;

import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstance;
import io.ecslogon.operator.api.v1alpha1.AlibabaCloudInstanceStatus;
import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.provider.alibabacloud.CloudApiException;
import io.ecslogon.operator.provider.alibabacloud.CloudAssistant;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentials;
import io.ecslogon.operator.provider.alibabacloud.CloudCredentialsSource;
import java.time.Duration;

/**
 * Zero-touch onboarding: an EcsInstance with spec.alibabaCloud and no admin Secret is opened by the
 * operator itself. It makes its own key ({@link OwnAdminKey}), installs the public half for the
 * admin user through Cloud Assistant, and pins the host key Cloud Assistant read on the instance
 * (no trust on first use: the cloud API vouches for the host); from then on it logs on over SSH
 * like anywhere else. Done once per key: later visits find the key and the host key in status.
 */
final class CloudOnboarding {
  private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(60);

  private final OwnAdminKey keys;
  private final CloudAssistant assistant;
  private final CloudCredentialsSource credentials;

  CloudOnboarding(OwnAdminKey keys, CloudAssistant assistant, CloudCredentialsSource credentials) {
    this.keys = keys;
    this.assistant = assistant;
    this.credentials = credentials;
  }

  /** Which instance and user the key is installed for: a change of either installs it again. */
  static String installedFor(EcsInstance instance) {
    return instance.getSpec().getAlibabaCloud().getInstanceId() + "/" + instance.getSpec().getAdminUser();
  }

  static boolean applies(EcsInstance instance) {
    return instance.getSpec().getAlibabaCloud() != null && instance.getSpec().getAdminCredentialsSecretRef() == null;
  }

  /** The operator's key and the host key it may expect; {@code installed} if this visit installed the key. */
  record Onboarded(OwnAdminKey.Key key, String hostKeyFingerprint, boolean installed) {}

  /**
   * @param recorded status.alibabaCloud as this visit writes it
   * @throws CloudLookup.NotVisitable when the way in cannot be opened, and why
   */
  Onboarded open(EcsInstance instance, OwnAdminKey.Key key, AlibabaCloudInstanceStatus recorded) {
    if (key.fingerprint().equals(recorded.getOperatorKeyFingerprint())
        && recorded.getHostKeyFingerprint() != null && installedFor(instance).equals(recorded.getOperatorKeyInstalledFor())) {
      return new Onboarded(key, recorded.getHostKeyFingerprint(), false);
    }
    return new Onboarded(key, install(instance, key), true);
  }

  /**
   * Installs {@code key} for the admin user through Cloud Assistant (once: nothing else in the
   * file changes) and returns the host key the instance reported there.
   *
   * @throws CloudLookup.NotVisitable when it cannot, and why
   */
  String install(EcsInstance instance, OwnAdminKey.Key key) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    CloudAssistant.Invocation run = runAsAdmin(instance, OperatorKeyInstall.script(key.publicKeyLine()),
        "installing the operator's key for " + instance.getSpec().getAdminUser());
    return OperatorKeyInstall.hostKey(run.output()).orElseThrow(() -> new CloudLookup.NotVisitable(
        Reason.HOST_KEY_NOT_REPORTED, "Cloud Assistant ran, but reported no SSH host key of " + cloud.getInstanceId()));
  }

  /**
   * Removes exactly {@code publicKeyLine} (a key the operator made and replaced) from the admin
   * user's authorized_keys through Cloud Assistant.
   *
   * @throws CloudLookup.NotVisitable when it cannot, and why
   */
  void remove(EcsInstance instance, String publicKeyLine) {
    runAsAdmin(instance, OperatorKeyInstall.removal(publicKeyLine), "removing the operator's previous key for "
        + instance.getSpec().getAdminUser());
  }

  private CloudAssistant.Invocation runAsAdmin(EcsInstance instance, String script, String what) {
    AlibabaCloudInstance cloud = instance.getSpec().getAlibabaCloud();
    try {
      CloudCredentials identity = credentials.of(instance);
      if (!assistant.agentRunning(identity, cloud.getRegionId(), cloud.getInstanceId())) {
        throw new CloudLookup.NotVisitable(Reason.CLOUD_ASSISTANT_NOT_RUNNING, "Cloud Assistant is not running on "
            + cloud.getInstanceId() + ", so the operator cannot install or remove its own key there; install or start the"
            + " agent, or name an admin Secret in spec.adminCredentialsSecretRef");
      }
      CloudAssistant.Invocation run = assistant.run(identity, cloud.getRegionId(), cloud.getInstanceId(),
          instance.getSpec().getAdminUser(), script, INSTALL_TIMEOUT);
      if (!run.succeeded()) {
        throw new CloudLookup.NotVisitable(Reason.OPERATOR_KEY_NOT_INSTALLED, what + " through Cloud Assistant: "
            + run.summary());
      }
      return run;
    } catch (CloudCredentialsSource.Unusable e) {
      throw new CloudLookup.NotVisitable(e.reason(), e.getMessage());
    } catch (CloudApiException e) {
      throw new CloudLookup.NotVisitable(Reason.CLOUD_API_ERROR, what + " through Cloud Assistant: " + e.getMessage());
    }
  }
}
