package io.ecslogon.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRDs installed into a real kube-apiserver: every schema rule rejects what it
 * should, with the API server's own message (one case per rule), and valid objects get their
 * defaults.
 */
class ApiValidationIT {
  @RegisterExtension
  static ControlPlaneExtension controlPlane = new ControlPlaneExtension();

  private static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHYpGNsBtU2PAdpuMuVzL8bD1x0H0Y1JJqMgWGpl8kVK demo";

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        // EcsInstance
        rejected("EcsInstance without address", instance("adminCredentialsSecretRef: {name: s}"),
            "spec.address is required unless spec.alibabaCloud names the instance"),
        rejected("EcsInstance address with shell characters", instance("address: 'a;reboot'\n  adminCredentialsSecretRef: {name: s}"),
            "spec.address: Invalid value"),
        rejected("EcsInstance port out of range", instance("address: 10.0.0.1\n  port: 70000\n  adminCredentialsSecretRef: {name: s}"),
            "spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535"),
        rejected("EcsInstance admin user not a valid user name", instance("address: 10.0.0.1\n  adminUser: 'Root!'\n  adminCredentialsSecretRef: {name: s}"),
            "spec.adminUser in body should match '^[a-z_][a-z0-9_-]{0,31}$'"),
        rejected("EcsInstance without admin credentials", instance("address: 10.0.0.1"),
            "spec.adminCredentialsSecretRef is required unless spec.alibabaCloud names the instance"),
        rejected("EcsInstance with a malformed ECS instance ID", instance(
            "alibabaCloud: {regionId: cn-hangzhou, instanceId: 'i-$(reboot)'}"), "spec.alibabaCloud.instanceId: Invalid value"),
        rejected("EcsInstance with an unknown ECS address type", instance(
            "alibabaCloud: {regionId: cn-hangzhou, instanceId: i-bp67acfmxazb4ph1234, addressType: Ipv6}"),
            "spec.alibabaCloud.addressType: Unsupported value"),
        rejected("EcsInstance with a key pair reference that is no object name", instance(
            "alibabaCloud: {regionId: cn-hangzhou, instanceId: i-bp67acfmxazb4ph1234, keyPairRef: {name: 'Deploy_Key'}}"),
            "spec.alibabaCloud.keyPairRef.name in body should match"),
        rejected("EcsInstance malformed host key fingerprint", instance("address: 10.0.0.1\n  hostKeyFingerprint: 'MD5:aa:bb'\n  adminCredentialsSecretRef: {name: s}"),
            "spec.hostKeyFingerprint in body should match"),
        rejected("EcsInstance unknown PermitRootLogin value", instance("address: 10.0.0.1\n  adminCredentialsSecretRef: {name: s}\n  sshd: {permitRootLogin: maybe}"),
            "spec.sshd.permitRootLogin: Unsupported value: \"maybe\""),
        rejected("EcsInstance unknown restart policy", instance("address: 10.0.0.1\n  adminCredentialsSecretRef: {name: s}\n  restartPolicy: Sometimes"),
            "spec.restartPolicy: Unsupported value: \"Sometimes\""),
        rejected("EcsInstance root admin with root login off",
            instance("address: 10.0.0.1\n  adminCredentialsSecretRef: {name: s}\n  sshd: {permitRootLogin: 'no'}"),
            "adminUser root needs sshd.permitRootLogin yes or prohibit-password"),
        rejected("EcsInstance with every SSH login method off",
            instance("address: 10.0.0.1\n  adminCredentialsSecretRef: {name: s}\n"
                + "  sshd: {passwordAuthentication: false, pubkeyAuthentication: false}"),
            "passwordAuthentication and pubkeyAuthentication cannot both be false"),
        // KeyPair
        rejected("KeyPair bits for ed25519", keyPair("bits: 4096"), "bits applies only to type rsa or ecdsa"),
        rejected("KeyPair rsa bits too small", keyPair("type: rsa\n  bits: 1024"), "rsa bits must be 2048, 3072 or 4096"),
        rejected("KeyPair ecdsa bits unknown", keyPair("type: ecdsa\n  bits: 512"), "ecdsa bits must be 256, 384 or 521"),
        rejected("KeyPair unknown type", keyPair("type: dsa"), "spec.type: Unsupported value: \"dsa\""),
        rejected("KeyPair imported key with options", keyPair("publicKey: 'command=\"/bin/sh\" " + ED25519 + "'"),
            "spec.publicKey in body should match"),
        rejected("KeyPair imported key of two lines", keyPair("publicKey: \"" + ED25519 + "\\n" + ED25519 + "\""),
            "spec.publicKey in body should match"),
        rejected("KeyPair imported ssh-dss key", keyPair("publicKey: 'ssh-dss AAAAB3NzaC1kc3MAAACBAP demo'"),
            "spec.publicKey in body should match"),
        rejected("KeyPair imported key with generation settings", keyPair("type: ed25519\n  publicKey: '" + ED25519 + "'"),
            "an imported publicKey cannot be combined with type"),
        rejected("KeyPair rotation renewing after the key ends", keyPair("rotation: {interval: 24h, renewBefore: 48h}"),
            "renewBefore must be shorter than interval"),
        rejected("KeyPair rotation interval not a duration", keyPair("rotation: {interval: '1 day'}"),
            "spec.rotation.interval in body should match"),
        rejected("KeyPair rotating every second", keyPair("rotation: {interval: 1s}"),
            "interval must be between 1h and 87600h (10 years)"),
        rejected("KeyPair rotating every 300 years", keyPair("rotation: {interval: 3000000h}"),
            "interval must be between 1h and 87600h (10 years)"),
        rejected("KeyPair expiring after 300 years", keyPair("expiresAfter: 3000000h"),
            "expiresAfter must be at most 87600h (10 years)"),
        rejected("KeyPair expiring after more than 10 years", keyPair("expiresAfter: 87601h"),
            "expiresAfter must be at most 87600h (10 years)"),
        rejected("KeyPair expiring in under a minute", keyPair("expiresAfter: 30s"), "expiresAfter must be at least 1m"),
        // LogonUser
        rejected("LogonUser with instanceRef and instanceSelector",
            logonUser("instanceRef: {name: web}\n  instanceSelector: {matchLabels: {env: prod}}\n  username: deploy"),
            "set exactly one of instanceRef and instanceSelector"),
        rejected("LogonUser without a target", logonUser("username: deploy"),
            "set exactly one of instanceRef and instanceSelector"),
        rejected("LogonUser without username", logonUser("instanceRef: {name: web}"), "spec.username: Required value"),
        rejected("LogonUser invalid username", logonUser("instanceRef: {name: web}\n  username: 'Deploy;id'"),
            "spec.username in body should match '^[a-z_][a-z0-9_-]{0,31}$'"),
        rejected("LogonUser unknown key policy", logonUser("instanceRef: {name: web}\n  username: deploy\n  keyPolicy: Replace"),
            "spec.keyPolicy: Unsupported value: \"Replace\""),
        rejected("LogonUser unknown sudo rule", logonUser("instanceRef: {name: web}\n  username: deploy\n  sudo: always"),
            "spec.sudo: Unsupported value: \"always\""),
        rejected("LogonUser inline key with a line break",
            logonUser("instanceRef: {name: web}\n  username: deploy\n  publicKeys: [\"" + ED25519 + "\\nssh-rsa AAAA x\"]"),
            "spec.publicKeys[0] in body should match"),
        rejected("LogonUser relative shell", logonUser("instanceRef: {name: web}\n  username: deploy\n  shell: bash"),
            "spec.shell in body should match"),
        rejected("LogonUser password from a Secret and generated",
            logonUser("instanceRef: {name: web}\n  username: deploy\n  passwordSecretRef: {name: pw}\n  generatePassword: true"),
            "set passwordSecretRef or generatePassword, not both"),
        rejected("LogonUser deleting root", logonUser("instanceRef: {name: web}\n  username: root\n  deletionPolicy: Delete"),
            "root is never deleted"),
        // PasswordReset
        rejected("PasswordReset without a password source", passwordReset("instanceRef: {name: web}"),
            "set exactly one of passwordSecretRef and generate: true"),
        rejected("PasswordReset with two password sources",
            passwordReset("instanceRef: {name: web}\n  generate: true\n  passwordSecretRef: {name: pw}"),
            "set exactly one of passwordSecretRef and generate: true"),
        rejected("PasswordReset unknown method", passwordReset("instanceRef: {name: web}\n  generate: true\n  method: Magic"),
            "spec.method: Unsupported value: \"Magic\""),
        rejected("PasswordReset negative TTL", passwordReset("instanceRef: {name: web}\n  generate: true\n  ttlSecondsAfterFinished: -1"),
            "spec.ttlSecondsAfterFinished: Invalid value: -1: spec.ttlSecondsAfterFinished in body should be greater than or equal to 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidObjects")
  void rejectsWithTheApiServersMessage(String rule, String yaml, String expectedMessage) {
    assertThatThrownBy(() -> client().resource(yaml).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expectedMessage);
  }

  @Test
  void validObjectsAreAcceptedWithTheirDefaults() {
    Map<String, Object> instance = spec(client().resource(instance("address: web-1.example.com\n  adminCredentialsSecretRef: {name: s}")).create());
    assertThat(instance).containsEntry("port", 22).containsEntry("adminUser", "root").containsEntry("restartPolicy", "Never");
    @SuppressWarnings("unchecked")
    Map<String, Object> cloud = (Map<String, Object>) spec(client().resource(instance(
        "alibabaCloud: {regionId: cn-hangzhou, instanceId: i-bp67acfmxazb4ph1234}")).create()).get("alibabaCloud");
    assertThat(cloud).as("known by region and ID alone: no address, no admin Secret")
        .containsEntry("addressType", "PrivateIp");

    Map<String, Object> user = spec(client().resource(logonUser("instanceSelector: {matchLabels: {env: prod}}\n  username: deploy")).create());
    assertThat(user).containsEntry("keyPolicy", "Merge").containsEntry("sudo", "none").containsEntry("deletionPolicy", "RemoveKeys");

    Map<String, Object> reset = spec(client().resource(passwordReset("instanceRef: {name: web}\n  generate: true")).create());
    assertThat(reset).containsEntry("method", "Online").containsEntry("sshPasswordAuthentication", "Retain");

    client().resource(keyPair("type: rsa\n  bits: 4096\n  rotation: {interval: 720h, renewBefore: 240h}\n  expiresAfter: 1m")).create();
    client().resource(keyPair("publicKey: '" + ED25519 + "'")).create();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPasswordResetSpecCannotChange() {
    HasMetadata created = client().resource(passwordReset("instanceRef: {name: web}\n  generate: true")).create();
    GenericKubernetesResource changed = Serialization.unmarshal(Serialization.asYaml(created), GenericKubernetesResource.class);
    ((Map<String, Object>) changed.getAdditionalProperties().get("spec")).put("username", "someone-else");

    assertThatThrownBy(() -> client().resource(changed).update())
        .hasMessageContaining("a PasswordReset is a one-shot request and its spec cannot change: create a new PasswordReset");
  }

  @Test
  void theEcslogonCategoryListsAllFourKinds(@TempDir Path dir) throws Exception {
    client().resource(instance("address: 10.0.0.9\n  adminCredentialsSecretRef: {name: s}")).create();
    client().resource(keyPair("type: ed25519")).create();
    client().resource(logonUser("instanceRef: {name: web}\n  username: ops")).create();
    client().resource(passwordReset("instanceRef: {name: web}\n  generate: true")).create();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, controlPlane.kubeconfigYaml());
    Path kubectl = Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s",
        System.getProperty("ecslogon.kubeVersion", "1.34.4") + "-linux-amd64", "kubectl");

    // Discovery of new CRDs can lag their Established condition by a moment: ask until it answers.
    String out = Awaitility.await("kubectl get ecslogon").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> kubectl(kubectl, kubeconfig, dir.resolve("cache"), "get", "ecslogon", "-n", "default", "-o", "name"),
            text -> text.contains("passwordreset"));

    assertThat(out).contains("ecsinstance.ecslogon.io/", "keypair.ecslogon.io/", "logonuser.ecslogon.io/",
        "passwordreset.ecslogon.io/");
  }

  private static String kubectl(Path kubectl, Path kubeconfig, Path cacheDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", cacheDir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static KubernetesClient client() {
    return controlPlane.client();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata created) {
    return (Map<String, Object>) ((GenericKubernetesResource) created).getAdditionalProperties().get("spec");
  }

  private static Arguments rejected(String rule, String yaml, String message) {
    return Arguments.of(rule, yaml, message);
  }

  private static String instance(String spec) {
    return object("EcsInstance", spec);
  }

  private static String keyPair(String spec) {
    return object("KeyPair", spec);
  }

  private static String logonUser(String spec) {
    return object("LogonUser", spec);
  }

  private static String passwordReset(String spec) {
    return object("PasswordReset", spec);
  }

  private static String object(String kind, String spec) {
    return "apiVersion: ecslogon.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: t-" + UUID.randomUUID().toString().substring(0, 8)
        + "\n  namespace: default\nspec:\n  " + spec + "\n";
  }
}
