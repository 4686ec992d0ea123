package io.ecslogon.operator.testing.faults;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The webhook's decisions: probes and requests outside the target are always allowed; targeted
 * requests get the fault of the window in force. Called concurrently by the server's threads.
 */
final class FaultAnswers {
  private final Predicate<AdmissionRequest> target;
  private final AtomicReference<FaultWindow> window = new AtomicReference<>(FaultWindow.NONE);
  private final Map<Fault, LongAdder> answered = new EnumMap<>(Fault.class);
  private final LongAdder untargeted = new LongAdder();
  private final AtomicLong probesSeen = new AtomicLong();

  FaultAnswers(Predicate<AdmissionRequest> target) {
    this.target = target;
    for (Fault fault : Fault.values()) {
      answered.put(fault, new LongAdder());
    }
  }

  void open(FaultWindow next) {
    window.set(next);
  }

  AdmissionResponse answer(AdmissionRequest request) {
    if (WebhookProbe.isProbe(request)) {
      probesSeen.incrementAndGet();
      return allow(request);
    }
    if (!target.test(request)) {
      untargeted.increment();
      return allow(request);
    }
    FaultWindow inForce = window.get().at(System.nanoTime());
    answered.get(inForce.fault()).increment();
    return switch (inForce.fault()) {
      case PASS -> allow(request);
      case CONFLICT -> deny(request, 409, "Conflict", "injected conflict (ApiServerFaults)");
      // A denial with code 500 reaches the client as it is; a webhook that fails (HTTP 500) would
      // also give the client a 500, but with the API server's "failed calling webhook" wording.
      case ERROR -> deny(request, 500, "InternalError", "Internal error occurred: injected error (ApiServerFaults)");
      case SLOW -> {
        sleep(inForce);
        yield allow(request);
      }
    };
  }

  Map<Fault, Long> answered() {
    Map<Fault, Long> snapshot = new EnumMap<>(Fault.class);
    answered.forEach((fault, count) -> snapshot.put(fault, count.sum()));
    return snapshot;
  }

  long untargeted() {
    return untargeted.sum();
  }

  long probesSeen() {
    return probesSeen.get();
  }

  private static void sleep(FaultWindow window) {
    try {
      Thread.sleep(window.delay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static AdmissionResponse allow(AdmissionRequest request) {
    return new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true).build();
  }

  private static AdmissionResponse deny(AdmissionRequest request, int code, String reason, String message) {
    return new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(false)
        .withStatus(new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
            .build())
        .build();
  }
}
