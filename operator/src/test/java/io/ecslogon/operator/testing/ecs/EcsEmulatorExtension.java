package io.ecslogon.operator.testing.ecs;

import io.ecslogon.operator.testing.ControlPlaneExtension;
import io.ecslogon.operator.testing.KubeObjects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An ECS emulator for one test class, with its AccessKey in the Secret {@value #CREDENTIALS_SECRET}
 * of the default namespace (labelled for the operator), closed after the class. The emulator starts
 * when the extension is made, so an OperatorExtension declared after it can point at it; register
 * it after the ControlPlaneExtension, whose API server the Secret goes to.
 */
public final class EcsEmulatorExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String CREDENTIALS_SECRET = "ecs-credentials";

  private final ControlPlaneExtension controlPlane;
  private final String accessKeyId;
  private final String accessKeySecret;
  private final EcsEmulator emulator;

  public EcsEmulatorExtension(ControlPlaneExtension controlPlane, String accessKeyId, String accessKeySecret) {
    this.controlPlane = controlPlane;
    this.accessKeyId = accessKeyId;
    this.accessKeySecret = accessKeySecret;
    this.emulator = EcsEmulator.start(accessKeyId, accessKeySecret);
  }

  public EcsEmulator emulator() {
    return emulator;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    controlPlane.client().resource(KubeObjects.cloudCredentialsSecret("default", CREDENTIALS_SECRET, accessKeyId,
        accessKeySecret)).serverSideApply();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    emulator.close();
  }
}
