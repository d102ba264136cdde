package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void fromJson_roundTripsAFullConfigExactly() {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.FULL);

    String json = ConfigJson.toJson(config);

    assertThat(ConfigJson.fromJson(json)).isEqualTo(config);
    assertThat(ConfigJson.toJson(ConfigJson.fromJson(json))).isEqualTo(json);
  }

  @Test
  void fromJson_roundTripsDefaultsAndRealProviders() {
    ExperimentConfig minimal = ConfigFiles.load(dir, ConfigFiles.MINIMAL);
    ExperimentConfig openai =
        ConfigFiles.load(
            dir,
            ConfigFiles.MINIMAL
                + "model: {provider: openai, name: gpt-4o-mini, api_key_env: ~, seed: ~}\n"
                + "parse: {type: regex, pattern: '^(\\w+)$'}\n"
                + "label_column: gold\n");

    assertThat(ConfigJson.fromJson(ConfigJson.toJson(minimal))).isEqualTo(minimal);
    assertThat(ConfigJson.fromJson(ConfigJson.toJson(openai))).isEqualTo(openai);
  }

  @Test
  void toJson_mirrorsTheYamlKeysInConfigOrderWithSnakeCase() throws Exception {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.FULL);

    JsonNode json = MAPPER.readTree(ConfigJson.toJson(config));

    assertThat(fieldNames(json))
        .containsExactly(
            "name",
            "data",
            "db",
            "id_column",
            "text_column",
            "label_column",
            "model",
            "prompt",
            "parse",
            "run");
    assertThat(fieldNames(json.get("model")))
        .containsExactly(
            "provider",
            "name",
            "base_url",
            "api_key_env",
            "temperature",
            "seed",
            "max_tokens",
            "max_tokens_field",
            "response_format",
            "latency_ms",
            "faults",
            "price_per_million",
            "batch_discount");
    assertThat(fieldNames(json.get("model").get("faults")))
        .containsExactly("rate_limit", "server_error", "timeout", "bad_output");
    assertThat(fieldNames(json.get("run")))
        .containsExactly(
            "concurrency",
            "batch_size",
            "max_attempts",
            "requests_per_minute",
            "tokens_per_minute",
            "timeout_seconds",
            "retry_parse_errors",
            "mode",
            "batch_max_requests",
            "batch_poll_seconds",
            "lease_seconds",
            "backoff_base_ms",
            "backoff_max_ms");
    assertThat(json.get("data").asText()).isEqualTo(config.data().toString());
    assertThat(json.get("model").get("temperature").asDouble()).isEqualTo(0.7);
    assertThat(json.get("model").get("price_per_million").get("output").asDouble()).isEqualTo(0.6);
    assertThat(json.get("parse").get("type").asText()).isEqualTo("json");
    assertThat(json.get("parse").get("labels").toString())
        .isEqualTo("[\"fall\",\"burn\",\"other\"]");
    assertThat(json.get("run").get("retry_parse_errors").asBoolean()).isTrue();
  }

  @Test
  void toJson_writesAbsentValuesAsNull() throws Exception {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.MINIMAL);

    JsonNode json = MAPPER.readTree(ConfigJson.toJson(config));

    assertThat(json.get("db").isNull()).isTrue();
    assertThat(json.get("label_column").isNull()).isTrue();
    assertThat(json.get("model").get("price_per_million").isNull()).isTrue();
    assertThat(json.get("prompt").get("system").isNull()).isTrue();
    assertThat(json.get("parse").get("field").asText()).isEqualTo("label");
  }

  @Test
  void toJson_writesParseTypeInLowerCase() {
    ExperimentConfig config =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL + "parse: {type: label, labels: [a, b]}\n");

    assertThat(ConfigJson.toJson(config)).contains("\"type\":\"label\"");
  }

  @Test
  void hash_isStableForTheSameConfigAndChangesWithAnySetting() {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.FULL);
    ExperimentConfig again = ConfigFiles.load(dir, ConfigFiles.FULL);
    ExperimentConfig warmer = ConfigFiles.load(dir, ConfigFiles.FULL.replace("0.7", "0.8"));
    ExperimentConfig faster = config.withRun(config.run().withConcurrency(5));

    assertThat(ConfigJson.hash(config)).isEqualTo(ConfigJson.hash(again)).hasSize(64);
    assertThat(ConfigJson.hash(config)).matches("[0-9a-f]{64}");
    assertThat(ConfigJson.hash(warmer)).isNotEqualTo(ConfigJson.hash(config));
    assertThat(ConfigJson.hash(faster)).isNotEqualTo(ConfigJson.hash(config));
  }

  @Test
  void hash_doesNotDependOnHowTheYamlWasWritten() {
    ExperimentConfig block =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL + "run:\n  concurrency: 8\n");
    ExperimentConfig flow =
        ConfigFiles.load(
            dir,
            "{name: minimal, data: narratives.csv,\n"
                + " prompt: {template: 'Classify: {text}'}}\n");

    assertThat(ConfigJson.hash(block)).isEqualTo(ConfigJson.hash(flow));
  }

  @Test
  void fromJson_takesDefaultsForKeysMissingFromAnOlderStoredConfig() throws Exception {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.MINIMAL);
    ObjectNode json = (ObjectNode) MAPPER.readTree(ConfigJson.toJson(config));
    ((ObjectNode) json.get("run")).remove("backoff_max_ms");
    json.remove("model");

    assertThat(ConfigJson.fromJson(json.toString())).isEqualTo(config);
  }

  @Test
  void fromJson_rejectsMalformedJson() {
    assertThatThrownBy(() -> ConfigJson.fromJson("{\"name\": "))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("the stored config is not valid JSON");
    assertThatThrownBy(() -> ConfigJson.fromJson("{\"name\": \"a\", \"name\": \"b\"}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void fromJson_rejectsUnknownKeysWrongTypesAndRelativePaths() throws Exception {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.MINIMAL);
    ObjectNode json = (ObjectNode) MAPPER.readTree(ConfigJson.toJson(config));

    ObjectNode unknown = json.deepCopy().put("colour", "red");
    ObjectNode wrongType = json.deepCopy();
    ((ObjectNode) wrongType.get("run")).put("concurrency", "8");
    ObjectNode relative = json.deepCopy().put("data", "narratives.csv");

    assertThatThrownBy(() -> ConfigJson.fromJson(unknown.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("the stored config: unknown key colour;");
    assertThatThrownBy(() -> ConfigJson.fromJson(wrongType.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the stored config: run.concurrency must be an integer, got '8'");
    assertThatThrownBy(() -> ConfigJson.fromJson(relative.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data must be an absolute path in the stored config");
  }

  @Test
  void fromJson_readsNumbersInExponentForm() throws Exception {
    ExperimentConfig config =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL + "model: {temperature: 0.00001}\n");
    String json = ConfigJson.toJson(config);

    assertThat(json).contains("1.0E-5");
    assertThat(ConfigJson.fromJson(json)).isEqualTo(config);
  }

  @Test
  void fromJson_keepsTextThatYamlWouldReadDifferently() {
    String template = "Line\u2028two\u0085three \"quoted\" \\ {text} tab\there \uD83D\uDE00";
    ExperimentConfig config =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL).withRun(RunConfig.DEFAULTS);
    ExperimentConfig odd =
        new ExperimentConfig(
            "yes",
            config.data(),
            null,
            "on",
            "text",
            null,
            config.model(),
            new PromptConfig("0x10", template),
            config.parse(),
            config.run());

    assertThat(ConfigJson.fromJson(ConfigJson.toJson(odd))).isEqualTo(odd);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
