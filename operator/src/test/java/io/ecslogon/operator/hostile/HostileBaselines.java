package io.ecslogon.operator.hostile;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecslogon.operator.testing.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The valid objects each case starts from, with the case's one field replaced. A baseline alone
 * would be accepted and reach its instance, so a refusal is the case's doing.
 */
final class HostileBaselines {
  /** An instance the ready sandbox's LogonUsers and PasswordResets target. */
  static final String READY_INSTANCE = "ready";
  /** A user on the ready sandbox whose password the PasswordReset cases try to change. */
  static final String RESET_USER = "pwuser";
  /** Valid, and not the admin's: a baseline LogonUser would authorise it. */
  static final String PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKn0V8TZ+6HHIPjF9oYvM5fHzZjE0KC5BvygJAlKcMae hostile";
  /** Passes the API's pattern, refused by the KeyPair controller: its status stays the test's to write. */
  private static final String KEY_THE_CONTROLLER_REFUSES = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5A=";
  private static final String VALID_PASSWORD = "Valid-Passw0rd!1";
  private static final String API_VERSION = "ecslogon.io/v1alpha1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Sandbox quiet;
  private final Sandbox ready;

  HostileBaselines(Sandbox quiet, Sandbox ready) {
    this.quiet = quiet;
    this.ready = ready;
  }

  /**
   * What to create for {@code c}, in order.
   *
   * @param target the object the case changes
   * @param statusOfTarget the case changes the target's status (patched once the controller has
   *     written its own), not what is created
   * @param username the user the case would create or change on the ready sandbox, if any
   */
  record CaseObjects(List<ObjectNode> objects, int target, boolean statusOfTarget, String username) {}

  CaseObjects of(HostileCase c) {
    String name = "h" + c.line();
    return switch (c.kind()) {
      case "EcsInstance" -> {
        Sandbox at = c.field().toString().startsWith("/metadata/annotations") ? ready : quiet;
        yield changed(c, new CaseObjects(List.of(adminKey(name, at), instance(name, at)), 1, false, null));
      }
      case "AdminSecret" -> changed(c, new CaseObjects(List.of(adminKey(name, quiet), instance(name, quiet)), 0, false, null));
      case "AdminPasswordSecret" -> changed(c, new CaseObjects(List.of(adminPassword(name), instance(name, quiet)), 0,
          false, null));
      case "LogonUser" -> changed(c, new CaseObjects(List.of(logonUser(name, name)), 0, false, name));
      case "LogonUserPassword" -> {
        ObjectNode user = logonUser(name, name);
        ((ObjectNode) user.get("spec")).set("passwordSecretRef", secretKeyRef(name + "-pw"));
        yield changed(c, new CaseObjects(List.of(passwordSecret(name + "-pw"), user), 0, false, name));
      }
      case "PasswordReset" -> changed(c, new CaseObjects(List.of(passwordSecret(name + "-pw"), passwordReset(name)), 1,
          false, RESET_USER));
      case "PasswordResetSecret" -> changed(c, new CaseObjects(List.of(passwordSecret(name + "-pw"), passwordReset(name)),
          0, false, RESET_USER));
      case "KeyPair" -> changed(c, new CaseObjects(List.of(keyPair(name, PUBLIC_KEY), keyPairConsumer(name)), 0, false,
          name));
      case "GeneratedKeyPair" -> changed(c, new CaseObjects(List.of(generatedKeyPair(name), keyPairConsumer(name)), 0,
          false, name));
      case "KeyPairStatus" -> new CaseObjects(List.of(keyPair(name, KEY_THE_CONTROLLER_REFUSES), keyPairConsumer(name)),
          0, true, name);
      default -> throw new IllegalArgumentException("corpus " + c + ": unknown kind " + c.kind());
    };
  }

  /** The merge patch a status case sends: the case's field set on an empty object. */
  static ObjectNode statusPatch(HostileCase c) {
    ObjectNode patch = JSON.createObjectNode();
    set(patch, c, c.field());
    return patch;
  }

  private static CaseObjects changed(HostileCase c, CaseObjects objects) {
    set(objects.objects().get(objects.target()), c, c.field());
    return objects;
  }

  private static void set(ObjectNode root, HostileCase c, JsonPointer field) {
    JsonNode parent = root;
    JsonPointer rest = field;
    while (rest.tail() != null && !rest.tail().matches()) {
      String step = rest.getMatchingProperty();
      JsonNode next = parent.get(step);
      if (next == null) {
        next = ((ObjectNode) parent).putObject(step);
      }
      parent = next;
      rest = rest.tail();
    }
    boolean secretData = field.toString().startsWith("/data/") && "Secret".equals(root.path("kind").asText());
    JsonNode value = secretData ? JSON.getNodeFactory().textNode(c.secretData()) : c.value();
    if (parent instanceof ArrayNode array) {
      array.set(rest.getMatchingIndex(), value);
    } else {
      ((ObjectNode) parent).set(rest.getMatchingProperty(), value);
    }
  }

  private static ObjectNode adminKey(String name, Sandbox at) {
    return secret(name + "-admin", "admin-credentials", "kubernetes.io/ssh-auth", "ssh-privatekey", at.adminPrivateKey());
  }

  private static ObjectNode adminPassword(String name) {
    ObjectNode secret = secret(name + "-admin", "admin-credentials", "kubernetes.io/basic-auth", "password",
        VALID_PASSWORD);
    ((ObjectNode) secret.get("data")).put("username", base64("root"));
    return secret;
  }

  private static ObjectNode passwordSecret(String name) {
    return secret(name, "password", "kubernetes.io/basic-auth", "password", VALID_PASSWORD);
  }

  private static ObjectNode secret(String name, String usage, String type, String key, String value) {
    ObjectNode secret = object("v1", "Secret", name);
    ((ObjectNode) secret.get("metadata")).putObject("labels").put("ecslogon.io/usage", usage);
    secret.put("type", type);
    secret.putObject("data").put(key, base64(value));
    return secret;
  }

  /** Pinned: the password cases are refused for their password, not for trust on first use. */
  private static ObjectNode instance(String name, Sandbox at) {
    ObjectNode instance = object(API_VERSION, "EcsInstance", name);
    ObjectNode spec = instance.putObject("spec");
    spec.put("address", "127.0.0.1").put("port", at.port()).put("adminUser", at.adminUser())
        .put("hostKeyFingerprint", at.hostKeyFingerprint()).put("restartPolicy", "IfRequired");
    spec.putObject("adminCredentialsSecretRef").put("name", name + "-admin");
    return instance;
  }

  /** Exclusive, so that the root case meets the lock-out guard (the operator's key is not declared). */
  private static ObjectNode logonUser(String name, String username) {
    ObjectNode user = object(API_VERSION, "LogonUser", name);
    ObjectNode spec = user.putObject("spec");
    spec.putObject("instanceRef").put("name", READY_INSTANCE);
    spec.put("username", username).put("keyPolicy", "Exclusive");
    spec.putArray("publicKeys").add(PUBLIC_KEY);
    return user;
  }

  private static ObjectNode keyPairConsumer(String keyPairName) {
    ObjectNode user = object(API_VERSION, "LogonUser", keyPairName + "-user");
    ObjectNode spec = user.putObject("spec");
    spec.putObject("instanceRef").put("name", READY_INSTANCE);
    spec.put("username", keyPairName);
    spec.putArray("keyPairRefs").addObject().put("name", keyPairName);
    return user;
  }

  private static ObjectNode passwordReset(String name) {
    ObjectNode reset = object(API_VERSION, "PasswordReset", name);
    ObjectNode spec = reset.putObject("spec");
    spec.putObject("instanceRef").put("name", READY_INSTANCE);
    spec.put("username", RESET_USER).put("method", "Online");
    spec.set("passwordSecretRef", secretKeyRef(name + "-pw"));
    return reset;
  }

  private static ObjectNode keyPair(String name, String publicKey) {
    ObjectNode keyPair = object(API_VERSION, "KeyPair", name);
    keyPair.putObject("spec").put("publicKey", publicKey);
    return keyPair;
  }

  private static ObjectNode generatedKeyPair(String name) {
    ObjectNode keyPair = object(API_VERSION, "KeyPair", name);
    keyPair.putObject("spec").put("type", "ed25519");
    return keyPair;
  }

  private static ObjectNode secretKeyRef(String name) {
    return JSON.createObjectNode().put("name", name).put("key", "password");
  }

  private static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    object.putObject("metadata").put("name", name);
    return object;
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
