package io.ecslogon.operator.keypair;

import io.ecslogon.operator.PendingFeatureReconciler;
import io.ecslogon.operator.api.v1alpha1.KeyPair;
import io.ecslogon.operator.api.v1alpha1.KeyPairStatus;
import io.ecslogon.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** KeyPair: registered and watched; generating and importing keys is issue 3. */
@ControllerConfiguration(name = "keypair")
public class KeyPairReconciler extends PendingFeatureReconciler<KeyPair, KeyPairStatus> {
  public KeyPairReconciler(Conditions conditions) {
    super(conditions, KeyPair::new, KeyPairStatus::new);
  }
}
