package io.ecslogon.operator.passwordreset;

import io.ecslogon.operator.PendingFeatureReconciler;
import io.ecslogon.operator.api.v1alpha1.PasswordReset;
import io.ecslogon.operator.api.v1alpha1.PasswordResetStatus;
import io.ecslogon.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** PasswordReset: registered and watched; resetting passwords is issue 5. */
@ControllerConfiguration(name = "passwordreset")
public class PasswordResetReconciler extends PendingFeatureReconciler<PasswordReset, PasswordResetStatus> {
  public PasswordResetReconciler(Conditions conditions) {
    super(conditions, PasswordReset::new, PasswordResetStatus::new);
  }
}
