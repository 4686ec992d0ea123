package io.ecslogon.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status with standard conditions. */
public interface HasConditions {
  List<Condition> getConditions();

  void setConditions(List<Condition> conditions);
}
