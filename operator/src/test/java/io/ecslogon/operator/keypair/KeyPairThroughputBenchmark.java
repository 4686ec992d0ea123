package io.ecslogon.operator.keypair;

import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.OperatorExtension;
import io.ecslogon.operator.testing.TestKube;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many KeyPairs per second the operator makes Ready: N ed25519 KeyPairs and N LogonUsers that
 * reference them (and match no instance) in one namespace of a real API server are created first;
 * then the operator starts, and the time until the last KeyPair is Ready is measured; then the
 * time to delete the LogonUsers. A benchmark, not a
 * test: it prints figures and asserts nothing. Run it with hack/bench-keypairs.sh [keypairs [logonusers]].
 */
public final class KeyPairThroughputBenchmark {
  private static final int DELETE_WAIT_SECONDS = 120;

  private KeyPairThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : count;
    ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    controlPlane.beforeAll(null);
    OperatorExtension operator = new OperatorExtension(controlPlane, Duration.ofMinutes(10));
    try {
      KubernetesClient client = controlPlane.client();
      String namespace = "bench";
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();

      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        client.resource(object("kind: KeyPair\nmetadata: {name: key-" + i + ", namespace: " + namespace
            + "}\nspec: {type: ed25519}\n")).create();
        if (i >= users) {
          continue;
        }
        client.resource(object("kind: LogonUser\nmetadata: {name: user-" + i + ", namespace: " + namespace
            + "}\nspec:\n  instanceSelector: {matchLabels: {bench: none}}\n  username: user" + i
            + "\n  keyPairRefs: [{name: key-" + i + "}]\n")).create();
      }
      double created = seconds(start);
      // The objects wait for the operator, so what is timed is the operator, not how fast this
      // client (on the same loaded machine) can create them.
      Map<String, Double> requestsBefore = apiServerRequests(client);
      start = System.nanoTime();
      operator.beforeAll(null);
      int ready = 0;
      int polls = 0;
      while (ready < count) {
        polls++;
        ready = (int) client.resources(KeyPair.class).inNamespace(namespace).list().getItems().stream()
            .filter(keyPair -> keyPair.getStatus() != null
                && TestKube.has(keyPair.getStatus().getConditions(), "Ready", "True", null))
            .count();
        if (ready < count) {
          TimeUnit.MILLISECONDS.sleep(200);
        }
      }
      double allReady = seconds(start);
      Map<String, Double> requests = since(requestsBefore, apiServerRequests(client));
      // This benchmark's own polling is not the operator's work.
      requests.merge("LIST keypairs", (double) -polls, Double::sum);

      System.out.printf(Locale.ROOT, "%d KeyPairs + %d LogonUsers created in %.1f s%n", count, users, created);
      System.out.printf(Locale.ROOT, "operator started; all KeyPairs Ready after %.1f s: %.1f KeyPairs/s%n", allReady,
          count / allReady);

      long deleteStart = System.nanoTime();
      client.resources(LogonUser.class).inNamespace(namespace).delete();
      int left = users;
      while (left > 0 && seconds(deleteStart) < DELETE_WAIT_SECONDS) {
        TimeUnit.MILLISECONDS.sleep(200);
        left = client.resources(LogonUser.class).inNamespace(namespace).list().getItems().size();
      }
      System.out.printf(Locale.ROOT, left == 0 ? "%d LogonUsers deleted in %.1f s%n"
          : "%d LogonUsers deleted, " + left + " still there after %.1f s%n", users - left, seconds(deleteStart));
      System.out.printf(Locale.ROOT, "API requests from operator start to all Ready, per KeyPair (apiserver_request_total):%n");
      requests.entrySet().stream().filter(e -> e.getValue() >= 1).sorted(Map.Entry.comparingByKey())
          .forEach(e -> System.out.printf(Locale.ROOT, "  %-36s %8.0f  %6.2f%n", e.getKey(), e.getValue(),
              e.getValue() / count));
      double total = requests.values().stream().mapToDouble(Double::doubleValue).sum();
      System.out.printf(Locale.ROOT, "  %-36s %8.0f  %6.2f%n", "all", total, total / count);
    } finally {
      operator.afterAll(null);
      controlPlane.afterAll(null);
    }
    System.exit(0);
  }

  private static io.fabric8.kubernetes.api.model.HasMetadata object(String yaml) {
    return Serialization.unmarshal("apiVersion: ecslogon.io/v1alpha1\n" + yaml);
  }

  /** Requests the API server has answered, by verb and resource[/subresource], excluding WATCH. */
  private static Map<String, Double> apiServerRequests(KubernetesClient client) {
    Map<String, Double> counts = new TreeMap<>();
    Pattern line = Pattern.compile("^apiserver_request_total\\{(.*)\\} (\\S+)$");
    for (String text : client.raw("/metrics").split("\n")) {
      Matcher matcher = line.matcher(text);
      if (!matcher.matches()) {
        continue;
      }
      String labels = matcher.group(1);
      String verb = label(labels, "verb");
      String resource = label(labels, "resource");
      String subresource = label(labels, "subresource");
      if (resource.isEmpty() || verb.equals("WATCH")) {
        continue;
      }
      counts.merge(verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource),
          Double.parseDouble(matcher.group(2)), Double::sum);
    }
    return counts;
  }

  private static String label(String labels, String name) {
    Matcher matcher = Pattern.compile("(?:^|,)" + name + "=\"([^\"]*)\"").matcher(labels);
    return matcher.find() ? matcher.group(1) : "";
  }

  private static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0.0)));
    return delta;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
