package io.ecslogon.operator.testing.faults;

import io.ecslogon.operator.api.v1alpha1.ApiGroup;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import java.util.ArrayList;
import java.util.List;

/** The ValidatingWebhookConfiguration that sends the operator's writes to the test JVM. */
final class FaultWebhookConfiguration {
  /** The API server gives up on the webhook after this; {@link Fault#SLOW} delays stay below it. */
  static final int TIMEOUT_SECONDS = 10;

  private FaultWebhookConfiguration() {}

  static ValidatingWebhookConfiguration build(String name, String url, String caBundle, FaultScope scope) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .addNewWebhook()
        .withName("faults.testing.ecslogon.io")
        .withNewClientConfig().withUrl(url).withCaBundle(caBundle).endClientConfig()
        .withRules(rules(scope))
        // Fail, so an unreachable webhook shows up as refused writes instead of silently no faults.
        .withFailurePolicy("Fail")
        .withSideEffects("None")
        .withAdmissionReviewVersions("v1")
        .withTimeoutSeconds(TIMEOUT_SECONDS)
        .endWebhook()
        .build();
  }

  private static List<RuleWithOperations> rules(FaultScope scope) {
    List<RuleWithOperations> rules = new ArrayList<>();
    // "*/*" is every resource and every subresource (the API server accepts it only alone): the
    // operator's status patches arrive as UPDATEs of keypairs/status and the like.
    rules.add(writesOf(ApiGroup.GROUP, "*/*"));
    rules.add(writesOf("", "secrets"));
    if (scope == FaultScope.ALSO_LEASES) {
      rules.add(writesOf("coordination.k8s.io", "leases"));
    }
    return rules;
  }

  /** Patches are UPDATEs to admission; CONNECT is not a write. */
  private static RuleWithOperations writesOf(String group, String... resources) {
    return new RuleWithOperationsBuilder().withApiGroups(group).withApiVersions("*").withResources(resources)
        .withOperations("CREATE", "UPDATE", "DELETE").withScope("*").build();
  }
}
