package io.ecslogon.operator.testing.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.AttachKeyPairRequest;
import com.aliyun.ecs20140526.models.DeleteKeyPairsRequest;
import com.aliyun.ecs20140526.models.DescribeCloudAssistantStatusRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesRequest;
import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody.DescribeInstancesResponseBodyInstancesInstance;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsRequest;
import com.aliyun.ecs20140526.models.DescribeInvocationResultsResponseBody.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult;
import com.aliyun.ecs20140526.models.DescribeKeyPairsRequest;
import com.aliyun.ecs20140526.models.DetachKeyPairRequest;
import com.aliyun.ecs20140526.models.ImportKeyPairRequest;
import com.aliyun.ecs20140526.models.ModifyInstanceAttributeRequest;
import com.aliyun.ecs20140526.models.RebootInstanceRequest;
import com.aliyun.ecs20140526.models.RunCommandRequest;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import io.ecslogon.operator.testing.AdjustableClock;
import io.ecslogon.operator.testing.OpenSshTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator as the real ECS SDK sees it: signatures, errors, shapes and state. */
class EcsEmulatorTest {
  private static final String AK = "LTAI5tEmulatorKeyId";
  private static final String SECRET = "emulator-secret";
  private static final String REGION = "cn-hangzhou";

  private final AdjustableClock clock = new AdjustableClock();
  private final EmulatedInstance web = EmulatedInstance.linux(REGION, "i-web", "172.16.0.10").withPublicIp("47.0.0.1");
  private EcsEmulator ecs;
  private Client client;

  @BeforeEach
  void start() throws Exception {
    ecs = EcsEmulator.start(0, AK, SECRET, clock);
    ecs.addInstance(web);
    ecs.addInstance(EmulatedInstance.linux(REGION, "i-db", "172.16.0.11").withEip("47.0.0.2"));
    ecs.addInstance(EmulatedInstance.linux("cn-beijing", "i-far", "172.17.0.10"));
    client = client(AK, SECRET, null);
  }

  @AfterEach
  void stop() {
    ecs.close();
  }

  @Test
  void describeInstancesAnswersOneBatchWithOnlyTheRegionsInstances() throws Exception {
    var body = client.describeInstances(new DescribeInstancesRequest().setRegionId(REGION)
        .setInstanceIds("[\"i-web\",\"i-db\",\"i-far\"]").setPageSize(100)).getBody();

    Map<String, DescribeInstancesResponseBodyInstancesInstance> byId = body.getInstances().getInstance().stream()
        .collect(Collectors.toMap(DescribeInstancesResponseBodyInstancesInstance::getInstanceId, i -> i));
    assertThat(byId).containsOnlyKeys("i-web", "i-db");
    assertThat(body.getTotalCount()).isEqualTo(2);
    assertThat(byId.get("i-web").getVpcAttributes().getPrivateIpAddress().getIpAddress()).containsExactly("172.16.0.10");
    assertThat(byId.get("i-web").getPublicIpAddress().getIpAddress()).containsExactly("47.0.0.1");
    assertThat(byId.get("i-db").getEipAddress().getIpAddress()).isEqualTo("47.0.0.2");
    assertThat(byId.get("i-db").getStatus()).isEqualTo("Running");
    assertThat(byId.get("i-db").getOSType()).isEqualTo("linux");
    assertThat(ecs.calls("DescribeInstances")).singleElement()
        .satisfies(call -> assertThat(call.parameters()).containsEntry("RegionId", REGION));
  }

  @Test
  void describeInstancesRefusesMoreThanAHundredIdsAndAMissingRegion() {
    String ids = IntStream.rangeClosed(1, 101).mapToObj(i -> "\"i-" + i + "\"").collect(Collectors.joining(",", "[", "]"));

    assertThat(teaError(() -> client.describeInstances(new DescribeInstancesRequest().setRegionId(REGION).setInstanceIds(ids))))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("InvalidParameter", 400);
    assertThat(teaError(() -> client.describeInstances(new DescribeInstancesRequest())).getCode()).isEqualTo("MissingRegionId");
  }

  @Test
  void refusesAWrongSecretAndAnUnknownKey() throws Exception {
    assertThat(teaError(() -> client(AK, "not-the-secret", null).describeInstances(request())))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("SignatureDoesNotMatch", 400);
    assertThat(teaError(() -> client("LTAI5tSomeoneElse", SECRET, null).describeInstances(request())))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("InvalidAccessKeyId.NotFound", 404);
    assertThat(ecs.calls()).extracting(RecordedCall::accepted).containsExactly(false, false);
  }

  @Test
  void acceptsAnStsCredentialOnlyWithItsToken() throws Exception {
    ecs.addStsCredential("STS.key", "sts-secret", "token-1");

    assertThat(client("STS.key", "sts-secret", "token-1").describeInstances(request()).getStatusCode()).isEqualTo(200);
    assertThat(ecs.calls().get(0).headers()).containsEntry("x-acs-security-token", "token-1");
    assertThat(teaError(() -> client("STS.key", "sts-secret", "token-2").describeInstances(request())).getCode())
        .isEqualTo("InvalidSecurityToken.Malformed");
  }

  @Test
  void aReplayedRequestIsRefusedForItsNonce() throws Exception {
    client.describeInstances(request());

    HttpResponse<String> replay = replay(ecs.calls().get(0));

    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("\"Code\":\"SignatureNonceUsed\"", "\"HostId\":\"ecs.aliyuncs.com\"");
  }

  @Test
  void aRequestDatedMoreThanFifteenMinutesAwayIsExpired() throws Exception {
    clock.advance(Duration.ofMinutes(14));
    assertThat(client.describeInstances(request()).getStatusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(2));
    assertThat(teaError(() -> client.describeInstances(request())))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("InvalidTimeStamp.Expired", 400);
  }

  @Test
  void refusesUnsignedRequestsUnknownActionsAndOtherVersions() throws Exception {
    HttpRequest unsigned = HttpRequest.newBuilder(URI.create("http://" + ecs.endpoint() + "/?RegionId=" + REGION))
        .header("x-acs-action", "DescribeInstances").header("x-acs-version", EcsEmulator.VERSION)
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    assertThat(send(unsigned).body()).contains("\"Code\":\"IncompleteSignature\"");

    assertThat(send(signed("DescribeEverything", EcsEmulator.VERSION)).body()).contains("\"Code\":\"InvalidAction.NotFound\"");
    assertThat(send(signed("DescribeInstances", "2016-03-14")).body()).contains("\"Code\":\"InvalidVersion\"");
    assertThat(send(signed("DescribeInstances", EcsEmulator.VERSION)).statusCode()).as("the signer itself is right").isEqualTo(200);
  }

  @Test
  void injectedFailuresReachTheSdkWithTheirCodeAndStatusThenStop() throws Exception {
    ecs.failNext("DescribeInstances", 1, 400, "Throttling.User");
    ecs.failNext("DescribeInstances", 1, 503, "ServiceUnavailable");

    assertThat(teaError(() -> client.describeInstances(request())))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("Throttling.User", 400);
    assertThat(teaError(() -> client.describeInstances(request())))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("ServiceUnavailable", 503);
    assertThat(client.describeInstances(request()).getStatusCode()).isEqualTo(200);
    assertThat(ecs.calls("DescribeInstances")).extracting(RecordedCall::errorCode)
        .containsExactly("Throttling.User", "ServiceUnavailable", null);
  }

  @Test
  void delayedCallsAnswerLate() throws Exception {
    ecs.delayNext("DescribeInstances", 1, Duration.ofMillis(700));

    long started = System.nanoTime();
    client.describeInstances(request());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));

    started = System.nanoTime();
    client.describeInstances(request());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(700));
  }

  @Test
  void modifyInstanceAttributeEnforcesThePasswordRule() throws Exception {
    for (String weak : List.of("Ab1!", "alllowercase1", "ALLUPPER99", "Has Space1a", "Abcdefgh1!" + "x".repeat(21))) {
      assertThat(teaError(() -> client.modifyInstanceAttribute(
          new ModifyInstanceAttributeRequest().setInstanceId("i-web").setPassword(weak))).getCode())
          .as(weak).isEqualTo("InvalidPassword.Malformed");
    }
    client.modifyInstanceAttribute(new ModifyInstanceAttributeRequest().setInstanceId("i-web").setPassword("Passw0rd(x)"));
    client.modifyInstanceAttribute(new ModifyInstanceAttributeRequest().setInstanceId("i-db").setPassword("lower'upper9"));

    assertThat(ecs.calls("ModifyInstanceAttribute")).extracting(RecordedCall::accepted).endsWith(true, true);
    assertThat(teaError(() -> client.modifyInstanceAttribute(
        new ModifyInstanceAttributeRequest().setInstanceId("i-nope").setPassword("Passw0rd(x)"))))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("InvalidInstanceId.NotFound", 404);
  }

  @Test
  void rebootGoesThroughStoppingAndStartingBackToRunningAndAppliesNoPasswordWithoutASandbox() throws Exception {
    client.modifyInstanceAttribute(new ModifyInstanceAttributeRequest().setInstanceId("i-web").setPassword("Passw0rd(x)"));
    assertThat(web.pendingPassword()).isEqualTo("Passw0rd(x)");

    client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-web").setForceStop(true));

    assertThat(status("i-web")).isIn("Stopping", "Starting");
    assertThat(teaError(() -> client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-web"))))
        .extracting(TeaException::getCode, TeaException::getStatusCode).containsExactly("IncorrectInstanceStatus", 403);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status("i-web").equals("Starting"));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> status("i-web").equals("Running"));
    assertThat(web.pendingPassword()).as("used up by the reboot").isNull();
    assertThat(ecs.calls("RebootInstance").get(0).parameters()).containsEntry("ForceStop", "true");
    assertThat(teaError(() -> client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-nope"))).getCode())
        .isEqualTo("InvalidInstanceId.NotFound");
  }

  @Test
  void withoutASandboxCloudAssistantIsOfflineAndCommandsFail() throws Exception {
    var statuses = client.describeCloudAssistantStatus(new DescribeCloudAssistantStatusRequest().setRegionId(REGION)
        .setInstanceId(List.of("i-web"))).getBody().getInstanceCloudAssistantStatusSet().getInstanceCloudAssistantStatus();
    assertThat(statuses).singleElement().satisfies(s -> assertThat(s.getCloudAssistantStatus()).isEqualTo("false"));

    String invokeId = client.runCommand(new RunCommandRequest().setRegionId(REGION).setType("RunShellScript")
        .setCommandContent("true").setInstanceId(List.of("i-web"))).getBody().getInvokeId();

    assertThat(invokeId).startsWith("t-");
    DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult result = Awaitility.await()
        .atMost(Duration.ofSeconds(5)).until(() -> invocationResult(invokeId), r -> "Failed".equals(r.getInvocationStatus()));
    assertThat(result.getErrorCode()).isEqualTo("ClientNotRunning");
    assertThat(result.getInvokeRecordStatus()).isEqualTo("Failed");
    assertThat(teaError(() -> client.runCommand(new RunCommandRequest().setRegionId(REGION).setType("RunBatScript")
        .setCommandContent("true").setInstanceId(List.of("i-web")))).getStatusCode()).isEqualTo(400);
  }

  @Test
  void importKeyPairAcceptsTheDocumentedTypesWithTheMd5FingerprintSshKeygenShows(@TempDir Path dir) throws Exception {
    String rsa = generateKey(dir, "rsa");
    String ecdsa = generateKey(dir, "ecdsa");
    String ed25519 = generateKey(dir, "ed25519");

    String fingerprint = client.importKeyPair(importRequest("operator-rsa", rsa)).getBody().getKeyPairFingerPrint();

    String sshKeygen = OpenSshTools.sshKeygen("-E", "md5", "-l", "-f", dir.resolve("rsa.pub").toString());
    assertThat("MD5:" + fingerprint).isEqualTo(sshKeygen.split(" ")[1]);
    assertThat(client.importKeyPair(importRequest("operator-ecdsa", ecdsa)).getStatusCode()).isEqualTo(200);
    assertThat(teaError(() -> client.importKeyPair(importRequest("operator-ed25519", ed25519))).getCode())
        .as("ed25519 is not in ECS's documented list").isEqualTo("InvalidPublicKeyBody.Malformed");
    assertThat(teaError(() -> client.importKeyPair(importRequest("operator-junk", "ssh-rsa bm90IGEga2V5"))).getCode())
        .isEqualTo("InvalidPublicKeyBody.Malformed");
    assertThat(teaError(() -> client.importKeyPair(importRequest("operator-rsa", rsa))).getCode())
        .isEqualTo("KeyPair.AlreadyExist");
    assertThat(teaError(() -> client.importKeyPair(importRequest("1starts-with-digit", rsa))).getCode())
        .isEqualTo("InvalidKeyPairName.Malformed");
    var described = client.describeKeyPairs(new DescribeKeyPairsRequest().setRegionId(REGION)
        .setKeyPairName("operator-rsa").setIncludePublicKey(true)).getBody().getKeyPairs().getKeyPair();
    assertThat(described).singleElement().satisfies(k -> {
      assertThat(k.getKeyPairFingerPrint()).isEqualTo(fingerprint);
      assertThat(k.getPublicKey()).isEqualTo(rsa);
    });
  }

  @Test
  void aKeyPairBoundToAnInstanceCannotBeDeletedUntilDetached(@TempDir Path dir) throws Exception {
    client.importKeyPair(importRequest("operator-rsa", generateKey(dir, "rsa")));
    var attached = client.attachKeyPair(new AttachKeyPairRequest().setRegionId(REGION).setKeyPairName("operator-rsa")
        .setInstanceIds("[\"i-web\"]")).getBody();
    assertThat(attached.getFailCount()).isEqualTo("0");
    assertThat(web.keyPairName()).isEqualTo("operator-rsa");
    DeleteKeyPairsRequest delete = new DeleteKeyPairsRequest().setRegionId(REGION).setKeyPairNames("[\"operator-rsa\"]");

    assertThat(teaError(() -> client.deleteKeyPairs(delete)).getCode())
        .isEqualTo("InvalidParameter.KeypairAlreadyAttachedInstance");

    client.detachKeyPair(new DetachKeyPairRequest().setRegionId(REGION).setKeyPairName("operator-rsa")
        .setInstanceIds("[\"i-web\"]"));
    client.deleteKeyPairs(delete);
    assertThat(client.describeKeyPairs(new DescribeKeyPairsRequest().setRegionId(REGION)).getBody().getTotalCount()).isZero();
  }

  @Test
  void attachKeyPairNeedsTheKeyPairInTheRegionAndDescribeInstancesReportsIt(@TempDir Path dir) throws Exception {
    String rsa = generateKey(dir, "rsa");
    client.importKeyPair(importRequest("operator-rsa", rsa));
    assertThat(describeWeb().getKeyPairName()).as("none bound yet").isEmpty();

    var attached = client.attachKeyPair(new AttachKeyPairRequest().setRegionId(REGION).setKeyPairName("operator-rsa")
        .setInstanceIds("[\"i-web\",\"i-nowhere\",\"i-far\"]")).getBody();

    assertThat(attached.getTotalCount()).isEqualTo("3");
    assertThat(attached.getFailCount()).as("an unknown ID and another region's").isEqualTo("2");
    assertThat(attached.getResults().getResult()).extracting(r -> r.getInstanceId() + "=" + r.getSuccess())
        .containsExactly("i-web=true", "i-nowhere=false", "i-far=false");
    assertThat(describeWeb().getKeyPairName()).isEqualTo("operator-rsa");
    assertThat(web.pendingKeyPair()).as("in effect at the next start, not before").isEqualTo(rsa);
    assertThat(teaError(() -> client.attachKeyPair(new AttachKeyPairRequest().setRegionId("cn-beijing")
        .setKeyPairName("operator-rsa").setInstanceIds("[\"i-far\"]"))).getCode())
        .as("key pairs are per region").isEqualTo("InvalidKeyPairName.NotFound");

    client.rebootInstance(new RebootInstanceRequest().setInstanceId("i-web"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(status("i-web"))
        && web.pendingKeyPair() == null);
    assertThat(describeWeb().getKeyPairName()).as("still bound after the start").isEqualTo("operator-rsa");
  }

  @Test
  void aDetachBeforeTheNextStartCancelsTheAttach(@TempDir Path dir) throws Exception {
    client.importKeyPair(importRequest("operator-rsa", generateKey(dir, "rsa")));
    client.attachKeyPair(new AttachKeyPairRequest().setRegionId(REGION).setKeyPairName("operator-rsa")
        .setInstanceIds("[\"i-web\"]"));

    client.detachKeyPair(new DetachKeyPairRequest().setRegionId(REGION).setKeyPairName("operator-rsa")
        .setInstanceIds("[\"i-web\"]"));

    assertThat(describeWeb().getKeyPairName()).isEmpty();
    assertThat(web.pendingKeyPair()).isNull();
  }

  private DescribeInstancesResponseBodyInstancesInstance describeWeb() throws Exception {
    return client.describeInstances(request().setInstanceIds("[\"i-web\"]")).getBody().getInstances().getInstance()
        .get(0);
  }

  private Client client(String accessKeyId, String secret, String securityToken) throws Exception {
    return new Client(new Config().setAccessKeyId(accessKeyId).setAccessKeySecret(secret).setSecurityToken(securityToken)
        .setEndpoint(ecs.endpoint()).setProtocol("HTTP").setRegionId(REGION));
  }

  private static DescribeInstancesRequest request() {
    return new DescribeInstancesRequest().setRegionId(REGION);
  }

  private static ImportKeyPairRequest importRequest(String name, String publicKey) {
    return new ImportKeyPairRequest().setRegionId(REGION).setKeyPairName(name).setPublicKeyBody(publicKey);
  }

  private String status(String id) throws Exception {
    return client.describeInstances(request().setInstanceIds("[\"" + id + "\"]")).getBody()
        .getInstances().getInstance().get(0).getStatus();
  }

  private DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult invocationResult(String invokeId)
      throws Exception {
    return client.describeInvocationResults(new DescribeInvocationResultsRequest().setRegionId(REGION)
        .setInvokeId(invokeId).setContentEncoding("Base64")).getBody().getInvocation().getInvocationResults()
        .getInvocationResult().get(0);
  }

  private static String generateKey(Path dir, String type) throws Exception {
    OpenSshTools.sshKeygen("-q", "-t", type, "-N", "", "-C", "test@emulator", "-f", dir.resolve(type).toString());
    return Files.readString(dir.resolve(type + ".pub")).strip();
  }

  private interface SdkCall {
    void run() throws Exception;
  }

  private static TeaException teaError(SdkCall call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(TeaException.class);
    return (TeaException) thrown;
  }

  /** The same method, query and headers again, as an attacker who captured the request would send them. */
  private HttpResponse<String> replay(RecordedCall call) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + ecs.endpoint() + "/?" + query(call.parameters())))
        .POST(HttpRequest.BodyPublishers.noBody());
    Set<String> setByTheClient = Set.of("host", "connection", "content-length", "transfer-encoding", "accept-encoding");
    call.headers().forEach((name, value) -> {
      if (!setByTheClient.contains(name)) {
        request.header(name, value);
      }
    });
    return send(request.build());
  }

  /** A request signed here, with the emulator's own ACS3 code, to reach checks the SDK never trips. */
  private HttpRequest signed(String action, String version) {
    Map<String, String> parameters = new TreeMap<>(Map.of("RegionId", REGION));
    Map<String, String> headers = new TreeMap<>();
    headers.put("host", ecs.endpoint());
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", version);
    headers.put("x-acs-date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
    headers.put("x-acs-content-sha256", AcsSignature.sha256Hex(new byte[0]));
    String signedHeaders = String.join(";", headers.keySet());
    String signature = AcsSignature.signature(SECRET, AcsSignature.canonicalRequest("POST", "/", parameters, headers,
        signedHeaders, headers.get("x-acs-content-sha256")));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + ecs.endpoint() + "/?" + query(parameters)))
        .POST(HttpRequest.BodyPublishers.noBody())
        .header("Authorization", AcsSignature.ALGORITHM + " Credential=" + AK + ",SignedHeaders=" + signedHeaders
            + ",Signature=" + signature);
    headers.forEach((name, value) -> {
      if (!name.equals("host")) {
        request.header(name, value);
      }
    });
    return request.build();
  }

  private static String query(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(e -> AcsSignature.percentEncode(e.getKey()) + "=" + AcsSignature.percentEncode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
