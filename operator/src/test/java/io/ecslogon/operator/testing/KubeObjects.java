package io.ecslogon.operator.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Small helpers for what integration tests create and read in the API server. */
public final class KubeObjects {
  private KubeObjects() {}

  /** The label a Secret needs before the operator uses it (see docs/api.md, "Secrets the operator may use"). */
  public static final String USAGE = "ecslogon.io/usage";

  /** An admin key Secret, labelled ecslogon.io/usage=admin-credentials as a user would. */
  public static Secret sshAuthSecret(String namespace, String name, String privateKey) {
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(USAGE, "admin-credentials").endMetadata()
        .withType("kubernetes.io/ssh-auth")
        .withStringData(Map.of("ssh-privatekey", privateKey))
        .build();
  }

  /** ECS API credentials (an AccessKey), labelled ecslogon.io/usage=alibaba-cloud-credentials as a user would. */
  public static Secret cloudCredentialsSecret(String namespace, String name, String accessKeyId,
      String accessKeySecret) {
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(USAGE, "alibaba-cloud-credentials")
        .endMetadata()
        .withStringData(Map.of("accessKeyId", accessKeyId, "accessKeySecret", accessKeySecret))
        .build();
  }

  /** A password Secret, labelled ecslogon.io/usage=password as a user would. */
  public static Secret basicAuthSecret(String namespace, String name, String username, String password) {
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(USAGE, "password").endMetadata()
        .withType("kubernetes.io/basic-auth")
        .withStringData(Map.of("username", username, "password", password))
        .build();
  }

  /** The same Secret labelled for another usage. */
  public static Secret withUsage(Secret secret, String usage) {
    return new SecretBuilder(secret).editMetadata().addToLabels(USAGE, usage).endMetadata().build();
  }

  /** The same Secret without the usage label: what the operator must refuse to read. */
  public static Secret unlabelled(Secret secret) {
    return new SecretBuilder(secret).editMetadata().removeFromLabels(USAGE).endMetadata().build();
  }

  /** Events recorded on the object, oldest first. */
  public static List<Event> eventsFor(KubernetesClient client, HasMetadata object) {
    return client.v1().events().inNamespace(object.getMetadata().getNamespace())
        .withField("involvedObject.name", object.getMetadata().getName())
        .list().getItems().stream()
        .filter(event -> object.getKind().equals(event.getInvolvedObject().getKind()))
        .toList();
  }
}
