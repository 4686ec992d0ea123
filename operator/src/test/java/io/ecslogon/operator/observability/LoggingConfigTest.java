package io.ecslogon.operator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.ecslogon.operator.testing.RepoRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped logback.xml: text or JSON by ECSLOGON_LOG_FORMAT, with resource and instance on every line. */
class LoggingConfigTest {
  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void everyLineCarriesTheResourceAndTheInstance(String format) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      context.putProperty("ECSLOGON_LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(RepoRoot.path().resolve("operator/src/main/resources/logback.xml").toFile());
      context.getMDCAdapter().put("resource.kind", "EcsInstance");
      context.getMDCAdapter().put("resource.namespace", "prod");
      context.getMDCAdapter().put("resource.name", "web-1");
      context.getMDCAdapter().put("ecslogon.instance", "prod/web-1");
      context.getLogger("io.ecslogon.operator.Example").info("logged on as {}", "root");
    } finally {
      context.stop();
      System.setOut(original);
    }

    String line = captured.toString(StandardCharsets.UTF_8).strip();
    assertThat(line).contains("logged on as root", "web-1");
    if (format.equals("json")) {
      assertThat(line).startsWith("{").endsWith("}").contains("\"resource.name\":\"web-1\"",
          "\"ecslogon.instance\":\"prod\\/web-1\"");
    } else {
      assertThat(line).contains("[EcsInstance prod/web-1 instance=prod/web-1] - logged on as root");
    }
  }
}
