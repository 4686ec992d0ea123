package io.ecslogon.operator.testing.leaks;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the API server shows a person: every Event and every custom resource's status, in every namespace. */
final class KubePlaces {
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(EcsInstance.class, KeyPair.class, LogonUser.class, PasswordReset.class);

  private KubePlaces() {}

  static List<Place> of(KubernetesClient client) {
    List<Place> places = new ArrayList<>();
    client.v1().events().inAnyNamespace().list().getItems()
        .forEach(event -> places.add(new Place(Place.Kind.EVENT, "Event " + name(event), Serialization.asJson(event))));
    for (Class<? extends HasMetadata> kind : KINDS) {
      for (HasMetadata resource : client.resources(kind).inAnyNamespace().list().getItems()) {
        // Status and the annotations the operator writes beside it; the spec is the test's own text.
        Object status = resource instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
        places.add(new Place(Place.Kind.STATUS, kind.getSimpleName() + " " + name(resource) + " status",
            Serialization.asJson(status) + "\n" + operatorAnnotations(resource)));
      }
    }
    return places;
  }

  /** kubectl's last-applied-configuration is a copy of the spec, not something the operator wrote. */
  private static String operatorAnnotations(HasMetadata resource) {
    Map<String, String> annotations = new TreeMap<>(Objects.requireNonNullElse(resource.getMetadata().getAnnotations(),
        Map.of()));
    annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
    return annotations.toString();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
