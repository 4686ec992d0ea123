package io.ecslogon.operator.testing.faults;

import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * An identity of its own on the test API server, so that {@link ApiServerFaults#byUser(String)}
 * can tell its writes from the test's. kube-api-test authenticates one client certificate, whose
 * "CA" is that self-signed certificate itself (not a CA: nothing else it signs is accepted), so
 * the identity is a ServiceAccount in {@value #NAMESPACE} with a token from the TokenRequest API,
 * bound to cluster-admin (the server authorizes with RBAC).
 *
 * @param username what the API server calls it, and webhooks see: system:serviceaccount:default:NAME
 * @param kubeconfigYaml a self-contained kubeconfig (CA data and token inline) for this identity
 */
public record ApiUser(String username, String kubeconfigYaml) {
  static final String NAMESPACE = "default";
  private static final long TOKEN_SECONDS = 24 * 3600;

  /** Creates (or reuses) the ServiceAccount {@code name} and its binding, and issues a token. */
  public static ApiUser create(ControlPlaneExtension controlPlane, String name) {
    KubernetesClient admin = controlPlane.client();
    admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .build()).serverSideApply();
    admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("ecslogon-test-user-" + name).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin")
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(NAMESPACE).endSubject()
        .build()).serverSideApply();
    TokenRequest token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(name)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build());
    Config admins = Config.fromKubeconfig(controlPlane.kubeconfigYaml());
    return new ApiUser("system:serviceaccount:" + NAMESPACE + ":" + name,
        kubeconfig(admins.getMasterUrl(), caData(admins), name, token.getStatus().getToken()));
  }

  /** A new client as this user; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** The kubeconfig as a file, for a process (KUBECONFIG) such as the operator's runnable jar. */
  public Path writeKubeconfig(Path file) {
    try {
      return Files.writeString(file, kubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String caData(Config admins) {
    if (admins.getCaCertData() != null) {
      return admins.getCaCertData();
    }
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admins.getCaCertFile())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String kubeconfig(String server, String caData, String name, String token) {
    String user = "test-user-" + name;
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: kubeapitest",
        "  cluster:",
        "    server: " + server,
        "    certificate-authority-data: " + caData,
        "users:",
        "- name: " + user,
        "  user:",
        "    token: " + token,
        "contexts:",
        "- name: " + user,
        "  context: {cluster: kubeapitest, user: " + user + ", namespace: " + NAMESPACE + "}",
        "current-context: " + user,
        "");
  }

  /** Keeps the token out of test reports. */
  @Override
  public String toString() {
    return "ApiUser[" + username + "]";
  }
}
