package io.ecslogon.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.testing.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart as `helm lint` and `helm template` see it, with default and non-default values. */
class HelmChartIT {
  @Test
  void lintPasses() {
    Helm.Result lint = Helm.run("lint", "--strict", Helm.CHART.toString(), "--kube-version", "1.34.4");

    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void defaultsAreSecureAndWatchOnlyTheReleaseNamespace() {
    RenderedChart chart = RenderedChart.render();

    PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getImage()).isEqualTo("ghcr.io/ecs-logon-operator/ecs-logon-operator:0.1.0");
    assertThat(env(operator)).containsEntry("ECSLOGON_WATCH_NAMESPACES", "ecslogon-system").containsEntry("ECSLOGON_LEADER_ELECTION", "true")
        // The JVM as docs/benchmarks.md#memory measured it: few malloc arenas (and the javaOpts below).
        .containsEntry("MALLOC_ARENA_MAX", "2")
        .containsEntry("ECSLOGON_RESYNC_INTERVAL", "5m").containsEntry("ECSLOGON_LOG_FORMAT", "text")
        .containsEntry("ECSLOGON_ALIBABA_CLOUD_PROTOCOL", "HTTPS").containsEntry("ECSLOGON_ALIBABA_CLOUD_REQUESTS_PER_SECOND", "20")
        .doesNotContainKey("ECSLOGON_ALIBABA_CLOUD_ENDPOINT");
    assertThat(env(operator).get("JAVA_TOOL_OPTIONS")).contains("-XX:+UseSerialGC", "-XX:MaxRAMPercentage=35",
        "-XX:MaxHeapFreeRatio=20", "-XX:TieredStopAtLevel=1");
    // Instances only in the private ranges, on port 22: no metadata endpoint, loopback or public address.
    assertThat(env(operator)).containsEntry("ECSLOGON_ALLOWED_ADDRESSES", "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7")
        .containsEntry("ECSLOGON_ALLOWED_PORTS", "22");
    assertThat(pod.getServiceAccountName()).isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());

    // Least privilege by default: Secrets in the release namespace only, nothing cluster-wide.
    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    Role role = chart.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals("rel-ecs-logon-operator"))
        .findFirst().orElseThrow();
    assertThat(role.getMetadata().getNamespace()).isEqualTo("ecslogon-system");
    assertThat(chart.all(RoleBinding.class)).anySatisfy(binding -> {
      assertThat(binding.getMetadata().getNamespace()).isEqualTo("ecslogon-system");
      assertThat(binding.getSubjects().get(0).getName()).isEqualTo("rel-ecs-logon-operator");
    });
    assertThat(verbs(role.getRules(), "", "secrets")).containsExactlyInAnyOrder("get", "list", "watch", "create",
        "update", "patch", "delete");
    assertThat(verbs(role.getRules(), "", "events")).containsExactly("create");
    assertThat(verbs(role.getRules(), "ecslogon.io", "ecsinstances/status")).contains("patch");
    assertThat(role.getRules()).as("no wildcard, no pods, no CRDs")
        .allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*"))
        .allSatisfy(rule -> assertThat(rule.getResources()).doesNotContain("*", "pods",
            "customresourcedefinitions"));
    Role lease = chart.all(Role.class).stream().filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
        .findFirst().orElseThrow();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo("ecslogon-system");
    assertThat(verbs(lease.getRules(), "coordination.k8s.io", "leases")).containsExactlyInAnyOrder("get", "create",
        "update", "patch");
    assertThat(chart.one(Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
  }

  @Test
  void watchingAllNamespacesIsAnOptInThatInstallsTheClusterRole() {
    RenderedChart chart = RenderedChart.render("watchAllNamespaces=true");

    ClusterRole role = chart.one(ClusterRole.class);
    assertThat(chart.one(ClusterRoleBinding.class).getSubjects().get(0).getName()).isEqualTo("rel-ecs-logon-operator");
    assertThat(verbs(role.getRules(), "", "secrets")).contains("get", "list", "delete");
    assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getName())
        .containsExactly("rel-ecs-logon-operator-leader-election");
    assertThat(env(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("ECSLOGON_WATCH_NAMESPACES", "");

    Helm.Result both = Helm.run("template", "rel", Helm.CHART.toString(), "--kube-version", "1.34.4",
        "--set", "watchAllNamespaces=true", "--set", "watchNamespaces={team-a}");
    assertThat(both.exitCode()).isNotZero();
    assertThat(both.output()).contains("set either watchAllNamespaces: true or a watchNamespaces list, not both");
  }

  @Test
  void aListOfNamespacesGetsRolesThereAndNothingClusterWide() {
    RenderedChart chart = RenderedChart.render("watchNamespaces={team-a,team-b}", "replicas=2", "logging.format=json",
        "resyncInterval=1m", "image.tag=1.2.3", "commonLabels.team=platform", "leaderElection.enabled=false",
        "leaderElection.leaseDuration=30s", "metrics.service.enabled=false");

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(chart.all(Service.class)).isEmpty();
    assertThat(chart.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(chart.all(RoleBinding.class)).allSatisfy(binding -> {
      assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo("ecslogon-system");
      assertThat(binding.getMetadata().getLabels()).containsEntry("team", "platform");
    });
    Deployment deployment = chart.one(Deployment.class);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(operator.getImage()).endsWith(":1.2.3");
    assertThat(env(operator)).containsEntry("ECSLOGON_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("ECSLOGON_LOG_FORMAT", "json").containsEntry("ECSLOGON_RESYNC_INTERVAL", "1m")
        .containsEntry("ECSLOGON_LEADER_ELECTION", "false").containsEntry("ECSLOGON_LEADER_ELECTION_LEASE_DURATION", "30s");
  }

  @Test
  void theAllowListRendersIntoTheOperatorsSettings() {
    RenderedChart chart = RenderedChart.render("allowedAddresses={10.20.0.0/16,fd12:3456::/32,bastion.example.com}",
        "allowedPorts={22,2200-2299}");

    assertThat(env(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
        .containsEntry("ECSLOGON_ALLOWED_ADDRESSES", "10.20.0.0/16,fd12:3456::/32,bastion.example.com")
        .containsEntry("ECSLOGON_ALLOWED_PORTS", "22,2200-2299");
  }

  @ParameterizedTest
  @ValueSource(strings = {"allowedAddresses={}", "allowedAddresses=null", "allowedAddresses={10.0.0.0/8 x}",
      "allowedPorts={}", "allowedPorts={70000}", "allowedPorts={ssh}"})
  void theAllowListMustSaySomething(String value) {
    Helm.Result result = Helm.run("template", "rel", Helm.CHART.toString(), "--kube-version", "1.34.4", "--set", value);

    assertThat(result.exitCode()).as(value).isNotZero();
    assertThat(result.output()).contains("values don't meet the specifications of the schema");
  }

  @ParameterizedTest
  @ValueSource(strings = {"replicas=two", "logging.format=xml", "resyncInterval=5 minutes", "watchNamespaces={Bad_NS}",
      "unknownKey=1"})
  void theValuesSchemaRefusesBadValues(String value) {
    Helm.Result result = Helm.run("template", "rel", Helm.CHART.toString(), "--kube-version", "1.34.4", "--set", value);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("values don't meet the specifications of the schema");
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
    return rules.stream()
        .filter(rule -> rule.getApiGroups().contains(group) && rule.getResources().contains(resource))
        .flatMap(rule -> rule.getVerbs().stream()).toList();
  }
}
