package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the one-table design: every key must be read, stored, hashed and compared through its own
 * record component, so that a new key (or two swapped constructor arguments) cannot slip through.
 */
class ConfigSchemaTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyKeyTravelsThroughJsonDriftAndHashOnItsOwn() throws Exception {
    ExperimentConfig full = ConfigFiles.load(dir, ConfigFiles.FULL);
    ObjectNode json = (ObjectNode) MAPPER.readTree(ConfigJson.toJson(full));
    int checked = 0;

    for (ConfigKey key : ConfigLoader.describeKeys()) {
      ObjectNode changed = json.deepCopy();
      if (!changeLeaf(changed, key.path())) {
        continue;
      }
      ExperimentConfig read = ConfigJson.fromJson(changed.toString());

      assertThat(ConfigDrift.compare(full, read))
          .as(key.path())
          .extracting(ConfigDifference::key)
          .containsExactly(key.path());
      assertThat(ConfigJson.hash(read)).as(key.path()).isNotEqualTo(ConfigJson.hash(full));
      checked++;
    }

    assertThat(checked).isGreaterThanOrEqualTo(30);
  }

  @Test
  void everyLeafKeyOfTheFullTestConfigIsSet() throws Exception {
    JsonNode json = MAPPER.readTree(ConfigJson.toJson(ConfigFiles.load(dir, ConfigFiles.FULL)));

    List<String> unset =
        ConfigLoader.describeKeys().stream()
            .map(ConfigKey::path)
            .filter(path -> leaf(json, path) == null || leaf(json, path).isNull())
            .toList();

    // parse.pattern belongs to parse.type regex; FULL uses json
    assertThat(unset).containsExactly("parse.pattern");
  }

  /** Changes one leaf to another valid value; false for sections, choices and null leaves. */
  private static boolean changeLeaf(ObjectNode root, String path) {
    int dot = path.lastIndexOf('.');
    JsonNode parentNode = dot < 0 ? root : leaf(root, path.substring(0, dot));
    String name = path.substring(dot + 1);
    if (!(parentNode instanceof ObjectNode parent)) {
      return false;
    }
    JsonNode value = parent.get(name);
    if (value == null
        || value.isNull()
        || value.isObject()
        || path.endsWith("provider")
        || path.endsWith(".type")
        // batch mode needs an API provider, and FULL's is sim: run.mode has its own tests
        || path.equals("run.mode")) {
      return false;
    }
    if (path.equals("model.max_tokens_field") || path.equals("model.response_format")) {
      // choices: another allowed value (FULL sets max_completion_tokens and json_schema)
      parent.put(name, path.endsWith("field") ? "max_tokens" : "json_object");
    } else if (value.isTextual()) {
      parent.put(name, value.asText() + "x");
    } else if (value.isIntegralNumber()) {
      parent.put(name, value.asLong() + 1);
    } else if (value.isNumber()) {
      parent.put(name, value.asDouble() + 0.01);
    } else if (value.isBoolean()) {
      parent.put(name, !value.asBoolean());
    } else if (value.isArray()) {
      ((ArrayNode) value).add("extra");
    }
    return true;
  }

  private static JsonNode leaf(JsonNode root, String path) {
    JsonNode node = root;
    for (String name : path.split("\\.")) {
      node = node == null ? null : node.get(name);
    }
    return node;
  }
}
