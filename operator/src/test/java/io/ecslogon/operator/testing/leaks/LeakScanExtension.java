package io.ecslogon.operator.testing.leaks;

import io.ecslogon.operator.testing.ControlPlaneExtension;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The secret-leak scan for a test class whose operator runs in processes of its own (what
 * OperatorExtension does for the in-JVM operator): recording starts before the class, and at its
 * end the processes' logs are searched with everything else. Register it after the control plane.
 */
public final class LeakScanExtension implements BeforeAllCallback, AfterAllCallback {
  private final ControlPlaneExtension controlPlane;
  private final Supplier<String> operatorLogs;
  private SecretLeakScan scan;

  public LeakScanExtension(ControlPlaneExtension controlPlane, Supplier<String> operatorLogs) {
    this.controlPlane = controlPlane;
    this.operatorLogs = operatorLogs;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    scan = SecretLeakScan.start(controlPlane.client(), context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (scan != null) {
      scan.readLog("operator process logs", operatorLogs.get());
      scan.finish(context);
    }
  }
}
