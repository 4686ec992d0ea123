package io.ecslogon.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecslogon.operator.host.HostUnreachableException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {
  private static final String KEY_TEXT = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";

  @Test
  void anExceptionOfAParserOrCodecIsNamedButItsTextIsNotCopied() {
    String message = ReconcileErrors.message(new IllegalArgumentException("cannot parse " + KEY_TEXT));

    assertThat(message).isEqualTo("reconcile failed with IllegalArgumentException; details are in the operator's log")
        .doesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
  }

  @Test
  void anApiServerRefusalGivesItsCodeAndReasonOnly() {
    var refused = new KubernetesClientException(new StatusBuilder().withCode(409).withReason("AlreadyExists")
        .withMessage("secrets \"x\" already exists: " + KEY_TEXT).build());

    assertThat(ReconcileErrors.message(new OperatorException(refused)))
        .isEqualTo("reconcile failed with KubernetesClientException: the API server answered HTTP 409 AlreadyExists");
  }

  @Test
  void theOperatorsOwnExceptionsKeepTheirMessageThroughWrappers() {
    var unreachable = new HostUnreachableException("10.0.0.7:22 refused the connection", null);

    assertThat(ReconcileErrors.message(new OperatorException(new CompletionException(unreachable))))
        .isEqualTo("reconcile failed with HostUnreachableException: 10.0.0.7:22 refused the connection");
  }

  @Test
  void longMessagesAreCut() {
    var unreachable = new HostUnreachableException("x".repeat(1000), null);

    assertThat(ReconcileErrors.message(unreachable)).hasSize(ReconcileErrors.MAX_MESSAGE).endsWith("…");
  }
}
