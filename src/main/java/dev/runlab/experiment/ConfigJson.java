package dev.runlab.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The stored form of a resolved config ({@code experiments.config_json}) and its hash ({@code
 * config_hash}). The JSON mirrors the YAML with snake_case keys in schema order; every key is
 * written, {@code null} where there is no value (e.g. {@code "db": null}, {@code
 * "price_per_million": null}). Paths are absolute; {@code parse.type} is lower-case. Stateless and
 * thread-safe.
 */
public final class ConfigJson {
  static final String SOURCE = "the stored config";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ConfigJson() {}

  /**
   * The resolved config as compact JSON text; deterministic (the same config gives the same bytes).
   */
  public static String toJson(ExperimentConfig config) {
    ObjectNode root = JSON.createObjectNode();
    for (SchemaKey key : Schema.KEYS) {
      ObjectNode parent = section(root, key.parent());
      if (parent != null) {
        put(parent, key.name(), key.isSection(), key.valueIn(config));
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a config tree as JSON", e);
    }
  }

  /**
   * Reads {@link #toJson} text back; {@code fromJson(toJson(c)).equals(c)}. Keys missing from older
   * stored configs take their defaults. A malformed or invalid document is a {@link
   * ConfigException} naming the key.
   */
  public static ExperimentConfig fromJson(String json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ConfigException(SOURCE + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ConfigException(SOURCE + " is empty");
    }
    Settings settings = SettingsReader.read(SOURCE, toNode(tree));
    return new ConfigAssembler(settings, null).assemble();
  }

  /** SHA-256 (lower-case hex) of {@link #toJson}'s UTF-8 bytes. */
  public static String hash(ExperimentConfig config) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] bytes = digest.digest(toJson(config).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The object for a section path, or null when the section (or one above it) is null. */
  private static ObjectNode section(ObjectNode root, String path) {
    ObjectNode node = root;
    if (path.isEmpty()) {
      return node;
    }
    for (String name : path.split("\\.")) {
      JsonNode child = node.get(name);
      if (!(child instanceof ObjectNode object)) {
        return null;
      }
      node = object;
    }
    return node;
  }

  private static void put(ObjectNode parent, String name, boolean section, Object value) {
    if (value == null) {
      parent.putNull(name);
    } else if (section) {
      parent.putObject(name);
    } else if (value instanceof String text) {
      parent.put(name, text);
    } else if (value instanceof Long number) {
      parent.put(name, number);
    } else if (value instanceof Double number) {
      parent.put(name, number);
    } else if (value instanceof Boolean flag) {
      parent.put(name, flag);
    } else if (value instanceof List<?> list) {
      ArrayNode array = parent.putArray(name);
      list.forEach(item -> array.add(String.valueOf(item)));
    } else {
      throw new IllegalStateException("no JSON form for " + name + " = " + value);
    }
  }

  /**
   * The JSON tree as a YAML node tree, so that the stored form is checked by the same reader as a
   * YAML file. (Feeding the JSON text to the YAML parser instead would not do: YAML 1.1 reads some
   * JSON escapes and number forms differently.)
   */
  private static Node toNode(JsonNode json) {
    if (json.isObject()) {
      List<NodeTuple> tuples = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : json.properties()) {
        tuples.add(new NodeTuple(scalar(Tag.STR, field.getKey()), toNode(field.getValue())));
      }
      return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.FLOW);
    }
    if (json.isArray()) {
      List<Node> items = new ArrayList<>();
      json.forEach(item -> items.add(toNode(item)));
      return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.FLOW);
    }
    if (json.isNull()) {
      return scalar(Tag.NULL, "null");
    }
    if (json.isBoolean()) {
      return scalar(Tag.BOOL, json.asText());
    }
    if (json.isNumber()) {
      return scalar(json.isIntegralNumber() ? Tag.INT : Tag.FLOAT, json.asText());
    }
    return scalar(Tag.STR, json.asText());
  }

  private static ScalarNode scalar(Tag tag, String text) {
    return new ScalarNode(tag, text, null, null, DumperOptions.ScalarStyle.PLAIN);
  }
}
