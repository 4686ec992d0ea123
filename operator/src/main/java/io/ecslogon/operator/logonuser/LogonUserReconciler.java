package io.ecslogon.operator.logonuser;

import io.ecslogon.operator.PendingFeatureReconciler;
import io.ecslogon.operator.api.v1alpha1.LogonUser;
import io.ecslogon.operator.api.v1alpha1.LogonUserStatus;
import io.ecslogon.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

/** LogonUser: registered and watched; converging users on instances is issue 4. */
@ControllerConfiguration(name = "logonuser")
public class LogonUserReconciler extends PendingFeatureReconciler<LogonUser, LogonUserStatus> {
  public LogonUserReconciler(Conditions conditions) {
    super(conditions, LogonUser::new, LogonUserStatus::new);
  }
}
