package io.ecslogon.operator.compliance;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ecslogon_compliance_findings{type}}: findings of each type summed over every EcsInstance,
 * read from the controller's cache when scraped, so a deleted instance's findings go with it and
 * nothing is kept twice.
 */
public final class ComplianceMetrics {
  static final List<String> TYPES = List.of(FindingType.UNKNOWN_USER, FindingType.UNRECOGNISED_KEY,
      FindingType.PASSWORD_SET, FindingType.EMPTY_PASSWORD, FindingType.ROOT_PASSWORD_LOGIN,
      FindingType.PASSWORD_LOGIN_ENABLED, FindingType.PERMIT_EMPTY_PASSWORDS, FindingType.IGNORED_KEY_FILE,
      FindingType.SHELL_HISTORY);
  private final AtomicReference<IndexedResourceCache<EcsInstance>> instances = new AtomicReference<>();

  public ComplianceMetrics(MeterRegistry registry) {
    for (String type : TYPES) {
      Gauge.builder("ecslogon.compliance.findings", () -> count(type))
          .description("Compliance findings of one type over every EcsInstance with spec.compliance")
          .tag("type", type)
          .register(registry);
    }
  }

  /** The EcsInstance cache to count from; the first reconcile hands it over. */
  public void countFrom(IndexedResourceCache<EcsInstance> cache) {
    instances.compareAndSet(null, cache);
  }

  private double count(String type) {
    IndexedResourceCache<EcsInstance> cache = instances.get();
    if (cache == null) {
      return 0;
    }
    return cache.list()
        .filter(instance -> instance.getStatus() != null && instance.getStatus().getCompliance() != null)
        .map(instance -> instance.getStatus().getCompliance().getCounts())
        .filter(counts -> counts != null)
        .mapToInt(counts -> counts.getOrDefault(type, 0))
        .sum();
  }
}
