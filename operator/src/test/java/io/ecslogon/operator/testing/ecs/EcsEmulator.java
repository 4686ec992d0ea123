package io.ecslogon.operator.testing.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local fake of the Alibaba Cloud ECS OpenAPI (2014-05-26) for the real SDK to talk to: it checks
 * ACS3-HMAC-SHA256 signatures, dates and nonces as the gateway does, answers the JSON shapes the
 * SDK models parse, records every call and lets tests inject failures and delays.
 *
 * <pre>{@code
 * try (EcsEmulator ecs = EcsEmulator.start("AK", "SECRET")) {
 *   ecs.addInstance(EmulatedInstance.linux("cn-hangzhou", "i-1", "172.16.0.10"));
 *   new Client(new Config().setEndpoint(ecs.endpoint()).setProtocol("HTTP")...);
 * }
 * }</pre>
 */
public final class EcsEmulator implements AutoCloseable {
  static final String VERSION = "2014-05-26";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService requestThreads = Executors.newFixedThreadPool(4);
  private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "ecs-emulator-background");
    thread.setDaemon(true);
    return thread;
  });
  private final RequestAuthenticator authenticator;
  private final FaultPlan faults = new FaultPlan();
  private final Inventory inventory = new Inventory();
  private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Function<EcsRequest, Map<String, Object>>> actions = new TreeMap<>();

  private EcsEmulator(int port, Clock clock) throws IOException {
    authenticator = new RequestAuthenticator(clock);
    InstanceActions instances = new InstanceActions(inventory, background);
    CloudAssistant cloudAssistant = new CloudAssistant(inventory, background, clock);
    KeyPairs keyPairs = new KeyPairs(inventory, clock);
    actions.put("DescribeInstances", instances::describeInstances);
    actions.put("RebootInstance", instances::rebootInstance);
    actions.put("ModifyInstanceAttribute", instances::modifyInstanceAttribute);
    actions.put("DescribeCloudAssistantStatus", instances::describeCloudAssistantStatus);
    actions.put("RunCommand", cloudAssistant::runCommand);
    actions.put("DescribeInvocationResults", cloudAssistant::describeInvocationResults);
    actions.put("DescribeInvocations", cloudAssistant::describeInvocations);
    actions.put("ImportKeyPair", keyPairs::importKeyPair);
    actions.put("DescribeKeyPairs", keyPairs::describeKeyPairs);
    actions.put("DeleteKeyPairs", keyPairs::deleteKeyPairs);
    actions.put("AttachKeyPair", keyPairs::attachKeyPair);
    actions.put("DetachKeyPair", keyPairs::detachKeyPair);
    // Without TCP_NODELAY every SDK call waits ~45 ms (Nagle against OkHttp's chunked writes).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(requestThreads);
    server.start();
  }

  /** On a random free port of 127.0.0.1, accepting one AccessKey. */
  public static EcsEmulator start(String accessKeyId, String accessKeySecret) {
    return start(0, accessKeyId, accessKeySecret);
  }

  public static EcsEmulator start(int port, String accessKeyId, String accessKeySecret) {
    return start(port, accessKeyId, accessKeySecret, Clock.systemUTC());
  }

  /** With the clock that judges x-acs-date and nonce expiry, for tests that move time. */
  static EcsEmulator start(int port, String accessKeyId, String accessKeySecret, Clock clock) {
    try {
      EcsEmulator emulator = new EcsEmulator(port, clock);
      emulator.authenticator.addAccessKey(accessKeyId, accessKeySecret);
      return emulator;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  /** What Config.setEndpoint wants: "127.0.0.1:PORT" (use with setProtocol("HTTP")). */
  public String endpoint() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Also accept an STS credential: requests signed with it must carry this x-acs-security-token. */
  public void addStsCredential(String accessKeyId, String accessKeySecret, String securityToken) {
    authenticator.addStsCredential(accessKeyId, accessKeySecret, securityToken);
  }

  public void addInstance(EmulatedInstance instance) {
    inventory.add(instance);
  }

  public List<RecordedCall> calls() {
    return List.copyOf(calls);
  }

  public List<RecordedCall> calls(String action) {
    return calls.stream().filter(call -> call.action().equals(action)).toList();
  }

  /** The RunCommand calls for one instance, in the order they came. */
  public List<RecordedCall> runCommandsOn(String instanceId) {
    return calls("RunCommand").stream().filter(call -> instanceId.equals(call.parameters().get("InstanceId.1")))
        .toList();
  }

  /** The next {@code times} calls of {@code action} (after authentication) fail with this status and Code. */
  public void failNext(String action, int times, int httpStatus, String code) {
    faults.failNext(action, times, httpStatus, code);
  }

  /** The next {@code times} calls of {@code action} are answered only after {@code delay}. */
  public void delayNext(String action, int times, Duration delay) {
    faults.delayNext(action, times, delay);
  }

  @Override
  public void close() {
    server.stop(0);
    requestThreads.shutdownNow();
    background.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      // The SDK sends an empty chunked body; it is read because its hash is signed.
      byte[] body = in.readAllBytes();
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!values.isEmpty()) {
          headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
        }
      });
      Map<String, String> parameters = decodeQuery(exchange.getRequestURI().getRawQuery());
      String action = headers.getOrDefault("x-acs-action", "");
      try {
        Map<String, Object> answer = answer(exchange, action, parameters, headers, body);
        calls.add(new RecordedCall(action, parameters, headers, true, null));
        respond(exchange, 200, answer);
      } catch (EcsApiException e) {
        calls.add(new RecordedCall(action, parameters, headers, false, e.code()));
        respond(exchange, e.httpStatus(), error(e.code(), e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        calls.add(new RecordedCall(action, parameters, headers, false, "InternalError"));
        respond(exchange, 500, error("InternalError", "The emulator failed: " + e));
      }
    }
  }

  private Map<String, Object> answer(HttpExchange exchange, String action, Map<String, String> parameters,
      Map<String, String> headers, byte[] body) throws InterruptedException {
    authenticator.authenticate(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), parameters,
        headers, body);
    Function<EcsRequest, Map<String, Object>> handler = actions.get(action);
    if (handler == null) {
      throw new EcsApiException(400, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    }
    if (!VERSION.equals(headers.get("x-acs-version"))) {
      // Code not confirmed from ECS docs; the gateway's generic answer for an unknown version.
      throw new EcsApiException(400, "InvalidVersion", "Specified parameter Version is not valid.");
    }
    faults.apply(action);
    Map<String, Object> answer = new LinkedHashMap<>(handler.apply(new EcsRequest(parameters)));
    answer.put("RequestId", requestId());
    return answer;
  }

  /** Form decoding ('+' is a space), as the SDK's query is form-encoded on the wire. */
  private static Map<String, String> decodeQuery(String rawQuery) {
    Map<String, String> parameters = new TreeMap<>();
    if (rawQuery == null) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static Map<String, Object> error(String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Code", code);
    body.put("Message", message);
    body.put("RequestId", requestId());
    body.put("HostId", "ecs.aliyuncs.com");
    return body;
  }

  private static String requestId() {
    return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }

  private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("answers are plain maps and lists", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Standalone, for the quickstart: {@code EcsEmulator PORT INSTANCES_FILE}, AccessKey from
   * ECSLOGON_EMULATOR_ACCESS_KEY_ID and ECSLOGON_EMULATOR_ACCESS_KEY_SECRET; each file line is
   * "regionId instanceId privateIp [sandbox]", the sandbox (under ECSLOGON_SANDBOX_DIR) backing the
   * instance for reboots and Cloud Assistant. Runs until killed.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: EcsEmulator PORT INSTANCES_FILE");
    }
    String accessKeyId = requireEnv("ECSLOGON_EMULATOR_ACCESS_KEY_ID");
    String secret = requireEnv("ECSLOGON_EMULATOR_ACCESS_KEY_SECRET");
    EcsEmulator emulator = start(Integer.parseInt(args[0]), accessKeyId, secret);
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.strip().split("\\s+");
      if (fields.length != 3 && fields.length != 4) {
        throw new IllegalArgumentException("expected \"regionId instanceId privateIp [sandbox]\": " + line);
      }
      EmulatedInstance instance = EmulatedInstance.linux(fields[0], fields[1], fields[2]);
      if (fields.length == 4) {
        instance.backedBy(Sandbox.existing(Path.of(requireEnv("ECSLOGON_SANDBOX_DIR")), fields[3]));
      }
      emulator.addInstance(instance);
    }
    System.out.println(emulator.endpoint());
    new CountDownLatch(1).await();
  }

  private static String requireEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
