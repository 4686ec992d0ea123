package io.ecslogon.operator.install;

import io.ecslogon.operator.testing.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/** The objects `helm template` renders from the chart, typed by fabric8's model. */
record RenderedChart(List<HasMetadata> objects) {
  static RenderedChart render(String... setValues) {
    List<String> args = new ArrayList<>(List.of("template", "rel", Helm.CHART.toString(), "--namespace",
        "ecslogon-system", "--kube-version", System.getProperty("ecslogon.kubeVersion", "1.34.4")));
    for (String value : setValues) {
      args.add("--set");
      args.add(value);
    }
    String yaml = Helm.run(args.toArray(String[]::new)).orThrow().output();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document));
      }
    }
    return new RenderedChart(objects);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
    }
    return found.get(0);
  }
}
