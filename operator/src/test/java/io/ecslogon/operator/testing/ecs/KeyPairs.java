package io.ecslogon.operator.testing.ecs;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** ImportKeyPair, DescribeKeyPairs, DeleteKeyPairs, AttachKeyPair and DetachKeyPair; key pairs are per region. */
final class KeyPairs {
  /** 2-128 characters, starting with a letter, then letters, digits, ':', '_', '.', '-' (ImportKeyPair docs). */
  private static final Pattern NAME = Pattern.compile("\\p{L}[\\p{L}\\p{N}:_.\\-]{1,127}");

  private record KeyPair(String regionId, String name, String fingerprint, String publicKey, String creationTime) {}

  private final Inventory inventory;
  private final Clock clock;
  private final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();

  KeyPairs(Inventory inventory, Clock clock) {
    this.inventory = inventory;
    this.clock = clock;
  }

  synchronized Map<String, Object> importKeyPair(EcsRequest request) {
    String regionId = request.regionId();
    String name = request.required("KeyPairName");
    String publicKeyBody = request.required("PublicKeyBody");
    if (!NAME.matcher(name).matches() || name.startsWith("http://") || name.startsWith("https://")) {
      throw new EcsApiException(400, "InvalidKeyPairName.Malformed", "The specified KeyPairName is not valid.");
    }
    SshPublicKey key = SshPublicKey.parse(publicKeyBody);
    if (key == null || !SshPublicKey.ACCEPTED_TYPES.contains(key.type())) {
      throw new EcsApiException(400, "InvalidPublicKeyBody.Malformed", "The specified PublicKeyBody is not valid.");
    }
    if (keyPairs.containsKey(regionId + "/" + name)) {
      throw new EcsApiException(400, "KeyPair.AlreadyExist", "The key pair already exists: " + name);
    }
    KeyPair keyPair = new KeyPair(regionId, name, key.md5Fingerprint(), publicKeyBody.strip(),
        clock.instant().truncatedTo(ChronoUnit.MINUTES).toString());
    keyPairs.put(regionId + "/" + name, keyPair);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("KeyPairName", name);
    body.put("KeyPairFingerPrint", keyPair.fingerprint());
    return body;
  }

  synchronized Map<String, Object> describeKeyPairs(EcsRequest request) {
    String regionId = request.regionId();
    String name = request.optional("KeyPairName");
    String fingerprint = request.optional("KeyPairFingerPrint");
    boolean includePublicKey = request.flag("IncludePublicKey");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (KeyPair keyPair : keyPairs.values()) {
      if (keyPair.regionId().equals(regionId) && (name == null || name.equals(keyPair.name()))
          && (fingerprint == null || fingerprint.equals(keyPair.fingerprint()))) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("KeyPairName", keyPair.name());
        row.put("KeyPairFingerPrint", keyPair.fingerprint());
        row.put("CreationTime", keyPair.creationTime());
        if (includePublicKey) {
          row.put("PublicKey", keyPair.publicKey());
        }
        rows.add(row);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("KeyPairs", Map.of("KeyPair", rows));
    body.put("TotalCount", rows.size());
    body.put("PageNumber", 1);
    body.put("PageSize", Math.max(rows.size(), 1));
    return body;
  }

  /** Names that do not exist are passed over; one still bound to an instance refuses the whole call. */
  synchronized Map<String, Object> deleteKeyPairs(EcsRequest request) {
    String regionId = request.regionId();
    List<String> names = request.jsonArray("KeyPairNames", "InvalidKeyPairNames.ValueNotSupported");
    if (names.isEmpty()) {
      throw EcsApiException.missing("KeyPairNames");
    }
    for (String name : names) {
      boolean attached = inventory.inRegion(regionId).stream().anyMatch(i -> name.equals(i.keyPairName()));
      if (attached) {
        throw new EcsApiException(400, "InvalidParameter.KeypairAlreadyAttachedInstance",
            "The specified parameter \"KeyPairNames\" attached to instances can not be deleted.");
      }
    }
    names.forEach(name -> keyPairs.remove(regionId + "/" + name));
    return new LinkedHashMap<>();
  }

  Map<String, Object> attachKeyPair(EcsRequest request) {
    return bind(request, true);
  }

  Map<String, Object> detachKeyPair(EcsRequest request) {
    return bind(request, false);
  }

  /** Attach/Detach answer per instance (Results.Result[]), with the counts as strings the SDK model expects. */
  private synchronized Map<String, Object> bind(EcsRequest request, boolean attach) {
    String regionId = request.regionId();
    String name = request.required("KeyPairName");
    if (!keyPairs.containsKey(regionId + "/" + name)) {
      throw new EcsApiException(404, "InvalidKeyPairName.NotFound", "The specified KeyPairName does not exist.");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    int failed = 0;
    for (String id : request.jsonArray("InstanceIds", "InvalidInstanceIds.MalFormed")) {
      EmulatedInstance instance = inventory.findOrNull(id);
      boolean found = instance != null && instance.regionId().equals(regionId);
      if (found) {
        instance.setKeyPairName(attach ? name : null);
        // As on ECS, the key pair reaches the instance when it next starts; a detach before that cancels it.
        instance.setPendingKeyPair(attach ? keyPairs.get(regionId + "/" + name).publicKey() : null);
      } else {
        failed++;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("InstanceId", id);
      result.put("Success", Boolean.toString(found));
      result.put("Code", found ? "200" : "InvalidInstanceId.NotFound");
      result.put("Message", found ? "successful" : "The specified InstanceId does not exist.");
      results.add(result);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("KeyPairName", name);
    body.put("TotalCount", Integer.toString(results.size()));
    body.put("FailCount", Integer.toString(failed));
    body.put("Results", Map.of("Result", results));
    return body;
  }
}
