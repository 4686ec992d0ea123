package io.ecslogon.operator.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecslogon.operator.api.v1alpha1.EcsInstance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestartRequestTest {
  @Test
  void aWellFormedRequestIsPending() {
    EcsInstance instance = annotated("{\"id\":\"uid-1\",\"requestedBy\":\"PasswordReset default/r\",\"reason\":\"offline\"}");

    assertThat(RestartRequests.pending(instance)).hasValue(new RestartRequest("uid-1", "PasswordReset default/r", "offline"));
    assertThat(RestartRequests.malformed(instance)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"id\":\"\",\"requestedBy\":\"x\",\"reason\":\"y\"}", "{\"id\":\"a\"}", "please",
      "[1]", "null"})
  void aMalformedAnnotationIsReportedAndNeverPending(String annotation) {
    EcsInstance instance = annotated(annotation);

    assertThat(RestartRequests.pending(instance)).isEmpty();
    assertThat(RestartRequests.malformed(instance)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("ecslogon.io/restart-request", "not acted on"));
  }

  @Test
  void noAnnotationIsNeitherPendingNorMalformed() {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName("i").build());

    assertThat(RestartRequests.pending(instance)).isEmpty();
    assertThat(RestartRequests.malformed(instance)).isEmpty();
    assertThatThrownBy(() -> RestartRequest.parse("{}")).hasMessageContaining("non-empty id");
  }

  private static EcsInstance annotated(String value) {
    EcsInstance instance = new EcsInstance();
    instance.setMetadata(new ObjectMetaBuilder().withName("i").addToAnnotations(RestartRequests.ANNOTATION, value).build());
    return instance;
  }
}
