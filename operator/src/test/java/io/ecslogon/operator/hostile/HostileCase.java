package io.ecslogon.operator.hostile;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One line of the hostile-input corpus: which object, which field (a JSON pointer into its
 * baseline), the value put there, and where it must be refused.
 *
 * @param raw bytes for a Secret's data when the corpus gave them as {@code b64:} (invalid UTF-8
 *     cannot be a JSON string); null otherwise
 * @param expectedReason the condition or Event reason the controller must refuse with; null when
 *     the API server must refuse the object
 * @param apiMessage what the API server's refusal must say; by default the field's path
 */
record HostileCase(int line, String kind, JsonPointer field, JsonNode value, byte[] raw, String expectedReason,
    String apiMessage, String why) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static HostileCase parse(int line, String text) {
    String[] columns = text.split(" \\| ", 5);
    if (columns.length != 5) {
      throw new IllegalArgumentException("corpus line " + line + ": expected 5 columns separated by ' | '");
    }
    String expected = columns[3].strip();
    boolean api = expected.equals("api") || expected.startsWith("api:");
    if (!api && !expected.startsWith("controller:")) {
      throw new IllegalArgumentException("corpus line " + line + ": expected is api, api:message or controller:Reason");
    }
    String value = columns[2].strip();
    byte[] raw = value.startsWith("b64:") ? Base64.getDecoder().decode(value.substring(4)) : null;
    return new HostileCase(line, columns[0].strip(), JsonPointer.compile(columns[1].strip()),
        raw != null ? TextNode.valueOf("") : json(line, value), raw,
        api ? null : expected.substring("controller:".length()),
        expected.startsWith("api:") ? expected.substring("api:".length()) : null, columns[4].strip());
  }

  /** {@code repeat:N:"s"} is s N times: overlong values stay one readable line. */
  private static JsonNode json(int line, String value) {
    try {
      if (value.startsWith("repeat:")) {
        int colon = value.indexOf(':', "repeat:".length());
        int times = Integer.parseInt(value.substring("repeat:".length(), colon));
        return TextNode.valueOf(JSON.readTree(value.substring(colon + 1)).textValue().repeat(times));
      }
      return JSON.readTree(value);
    } catch (Exception e) {
      throw new IllegalArgumentException("corpus line " + line + ": value is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * What the API server's refusal must contain for the case to count: its message, or else the
   * field's path as the server writes it (spec.publicKeys for /spec/publicKeys/0), so a baseline
   * the schema refuses for something else does not pass for a refused case.
   */
  String apiRefusalMentions() {
    if (apiMessage != null) {
      return apiMessage;
    }
    String path = field.toString().substring(1).replaceAll("/[0-9]+$", "").replace('/', '.');
    return path.replace("~1", "/").replace("~0", "~");
  }

  boolean refusedAtApi() {
    return expectedReason == null;
  }

  /** The bytes a Secret's data field gets: the raw bytes, or the string's UTF-8. */
  String secretData() {
    byte[] bytes = raw != null ? raw : value.textValue().getBytes(StandardCharsets.UTF_8);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "line " + line + " " + kind + " " + field + " (" + why + ")";
  }
}
