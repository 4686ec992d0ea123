package io.ecslogon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code java -jar ecs-logon-operator-*-runnable.jar}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    OperatorConfig config = OperatorConfig.fromEnvironment(System.getenv());
    LOG.info("starting ecs-logon-operator with {}", config);
    if (config.allowedDestinations().allowsEveryAddress()) {
      LOG.warn("{} is not set: whoever may create an EcsInstance can make the operator connect to any address"
          + " its pod reaches; set it to the networks your instances are in", OperatorConfig.ALLOWED_ADDRESSES);
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    EcsLogonOperator operator = EcsLogonOperator.create(client, config, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(operator::stop, "shutdown"));
    operator.start();
  }
}
