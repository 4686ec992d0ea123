package io.ecslogon.operator.testing.faults;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Faults injected by the real kube-apiserver: a validating admission webhook, served by the test
 * JVM, that refuses (409, 500) or delays the writes of one chosen user while a fault window is
 * open. The operator sees exactly what it would see from a struggling cluster: the API server's own
 * Status errors, through its own client (with that client's retries).
 *
 * <p>Target the operator's writes only by giving the operator its own identity ({@link ApiUser})
 * and starting with {@link #byUser(String)}: the test's own client (kube-api-test's user) then
 * writes, reads and asserts undisturbed. Reads are never faulted: webhooks only see writes.
 *
 * <p>Close it (try-with-resources): the configuration says failurePolicy Fail, so while it exists
 * without this JVM answering, the API server refuses every targeted write.
 */
public final class ApiServerFaults implements AutoCloseable {
  private static final Duration LONGEST_DELAY = Duration.ofSeconds(FaultWebhookConfiguration.TIMEOUT_SECONDS - 2);

  private final KubernetesClient admin;
  private final WebhookServer server;
  private final FaultAnswers answers;
  private final WebhookProbe probe;
  private final String configurationName;

  private ApiServerFaults(KubernetesClient admin, WebhookServer server, FaultAnswers answers, String configurationName) {
    this.admin = admin;
    this.server = server;
    this.answers = answers;
    this.probe = new WebhookProbe(admin, answers::probesSeen);
    this.configurationName = configurationName;
  }

  /** Faults for the writes of ecslogon.io objects and Secrets by {@code target}; returns once the API server calls it. */
  public static ApiServerFaults start(KubernetesClient admin, Predicate<AdmissionRequest> target) {
    return start(admin, target, FaultScope.ECSLOGON_AND_SECRETS);
  }

  /** As {@link #start(KubernetesClient, Predicate)}, over the writes {@code scope} names. */
  public static ApiServerFaults start(KubernetesClient admin, Predicate<AdmissionRequest> target, FaultScope scope) {
    FaultAnswers answers = new FaultAnswers(target);
    LoopbackCertificate certificate = LoopbackCertificate.create();
    WebhookServer server = WebhookServer.start(certificate, answers::answer);
    String name = "ecslogon-test-api-faults-" + UUID.randomUUID().toString().substring(0, 8);
    ApiServerFaults faults = new ApiServerFaults(admin, server, answers, name);
    try {
      admin.resource(FaultWebhookConfiguration.build(name, server.url(), certificate.caBundle(), scope)).create();
      faults.probe.awaitWebhookCalled();
      return faults;
    } catch (RuntimeException e) {
      faults.close();
      throw e;
    }
  }

  /** Requests by this user, as the API server authenticated it ({@code request.userInfo.username}). */
  public static Predicate<AdmissionRequest> byUser(String username) {
    return request -> request.getUserInfo() != null && username.equals(request.getUserInfo().getUsername());
  }

  /** Every request in scope, the test's own and the controller manager's included. */
  public static Predicate<AdmissionRequest> everyone() {
    return request -> true;
  }

  /** Ends any fault window now: targeted writes are allowed at once. */
  public void pass() {
    answers.open(FaultWindow.NONE);
  }

  /** For {@code length}, targeted writes fail with 409 Conflict (message "injected conflict ..."). */
  public void conflictFor(Duration length) {
    answers.open(FaultWindow.of(Fault.CONFLICT, length, Duration.ZERO));
  }

  /**
   * For {@code length}, targeted writes fail with 500 InternalError. Note fabric8 clients retry a
   * 500 on their own (10 times by default, backing off from 100 ms): a short window is absorbed.
   */
  public void errorFor(Duration length) {
    answers.open(FaultWindow.of(Fault.ERROR, length, Duration.ZERO));
  }

  /** For {@code length}, targeted writes are allowed only after {@code delay} (at most 8 s, below the webhook timeout). */
  public void slowFor(Duration length, Duration delay) {
    if (delay.isNegative() || delay.compareTo(LONGEST_DELAY) > 0) {
      throw new IllegalArgumentException("a delay must be between 0 and " + LONGEST_DELAY
          + ", or the API server times the webhook out: " + delay);
    }
    answers.open(FaultWindow.of(Fault.SLOW, length, delay));
  }

  /** How many targeted writes were answered with each fault (PASS: allowed at once), every kind listed. */
  public Map<Fault, Long> injected() {
    return answers.answered();
  }

  /** How many writes in scope the webhook allowed because they were not the target's. */
  public long untargeted() {
    return answers.untargeted();
  }

  /** The ValidatingWebhookConfiguration's name. */
  public String configurationName() {
    return configurationName;
  }

  /** Deletes the configuration, waits until the API server no longer calls the webhook, then stops it. */
  @Override
  public void close() {
    try {
      admin.resources(ValidatingWebhookConfiguration.class).withName(configurationName).delete();
      probe.awaitWebhookDropped();
    } finally {
      server.close();
    }
  }
}
