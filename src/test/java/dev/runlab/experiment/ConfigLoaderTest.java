package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.ModelConfig.FaultRates;
import dev.runlab.experiment.ModelConfig.Price;
import dev.runlab.store.DbLocation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void load_readsEveryKeyOfAFullConfig() {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.FULL);

    assertThat(config.name()).isEqualTo("full");
    assertThat(config.data()).isEqualTo(dir.resolve("sets/narratives.jsonl").toAbsolutePath());
    assertThat(config.db())
        .isEqualTo(DbLocation.of(dir.getParent().resolve("state/run.db").toAbsolutePath()));
    assertThat(config.idColumn()).isEqualTo("case_id");
    assertThat(config.textColumn()).isEqualTo("narrative");
    assertThat(config.labelColumn()).isEqualTo("gold");
    assertThat(config.model())
        .isEqualTo(
            ModelConfig.builder("sim", "sim-fancy")
                .baseUrl("http://127.0.0.1:9999/v1")
                .apiKeyEnv("SIM_KEY")
                .temperature(0.7)
                .seed(7L)
                .maxTokens(64)
                .latencyMs(15)
                .faults(new FaultRates(0.1, 0.05, 0.02, 0.01))
                .pricePerMillion(new Price(0.15, 0.6))
                .maxTokensField("max_completion_tokens")
                .responseFormat("json_schema")
                .batchDiscount(0.4)
                .build());
    assertThat(config.prompt())
        .isEqualTo(
            new PromptConfig(
                "You label narratives.",
                "Narrative {id}: {narrative}\nAnswer as {\"label\": \"...\"}\n"));
    assertThat(config.parse())
        .isEqualTo(
            new ParseConfig(
                ParseConfig.Type.JSON, "category", List.of("fall", "burn", "other"), null));
    assertThat(config.run())
        .isEqualTo(
            RunConfig.builder()
                .concurrency(4)
                .batchSize(50)
                .maxAttempts(5)
                .requestsPerMinute(600)
                .tokensPerMinute(90000)
                .timeoutSeconds(30)
                .retryParseErrors(true)
                .backoffBaseMs(500)
                .backoffMaxMs(30000)
                .batchMaxRequests(1000)
                .batchPollSeconds(30)
                .build());
  }

  @Test
  void load_fillsDefaultsForEverythingButTheRequiredKeys() {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.MINIMAL);

    assertThat(config.db()).isNull();
    assertThat(config.idColumn()).isEqualTo("id");
    assertThat(config.textColumn()).isEqualTo("text");
    assertThat(config.labelColumn()).isNull();
    assertThat(config.model())
        .isEqualTo(ModelConfig.builder("sim", "sim-keyword").seed(42L).build());
    assertThat(config.prompt()).isEqualTo(new PromptConfig(null, "Classify: {text}"));
    assertThat(config.parse())
        .isEqualTo(new ParseConfig(ParseConfig.Type.JSON, "label", List.of(), null));
    assertThat(config.run()).isEqualTo(RunConfig.DEFAULTS);
  }

  @Test
  void load_resolvesRelativePathsAgainstTheConfigFolderNotTheWorkingDirectory() {
    Path file =
        ConfigFiles.write(
            dir,
            "experiments/a/config.yaml",
            ConfigFiles.MINIMAL.replace("narratives.csv", "../../data/./n.csv") + "db: run.db\n");

    ExperimentConfig config = ConfigLoader.load(file);

    assertThat(config.data()).isEqualTo(dir.resolve("data/n.csv").toAbsolutePath().normalize());
    assertThat(config.db())
        .isEqualTo(DbLocation.of(dir.resolve("experiments/a/run.db").toAbsolutePath().normalize()));
    assertThat(config.data()).isAbsolute();
  }

  @Test
  void load_keepsAbsolutePathsAndDoesNotRequireTheDataFileToExist() {
    Path elsewhere = dir.resolve("nowhere/missing.csv").toAbsolutePath();

    ExperimentConfig config =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL.replace("narratives.csv", elsewhere.toString()));

    assertThat(config.data()).isEqualTo(elsewhere);
  }

  @Test
  void load_givesOpenaiAndAnthropicTheirApiKeyVariables() {
    ExperimentConfig openai =
        ConfigFiles.load(
            dir, ConfigFiles.MINIMAL + "model: {provider: openai, name: gpt-4o-mini}\n");
    ExperimentConfig anthropic =
        ConfigFiles.load(
            dir, ConfigFiles.MINIMAL + "model: {provider: anthropic, name: claude-haiku}\n");

    assertThat(openai.model().apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
    assertThat(openai.model().faults()).isEqualTo(FaultRates.NONE);
    assertThat(openai.model().latencyMs()).isZero();
    assertThat(anthropic.model().apiKeyEnv()).isEqualTo("ANTHROPIC_API_KEY");
  }

  @Test
  void load_readsAnExplicitEmptyValueAsNone() {
    ExperimentConfig config =
        ConfigFiles.load(
            dir,
            ConfigFiles.MINIMAL
                + "model:\n  provider: openai\n  name: local\n  api_key_env: ~\n  seed: null\n");

    assertThat(config.model().apiKeyEnv()).isNull();
    assertThat(config.model().seed()).isNull();
  }

  @Test
  void load_treatsAnEmptySectionAsAllDefaults() {
    ExperimentConfig config = ConfigFiles.load(dir, ConfigFiles.MINIMAL + "run:\nmodel:\n");

    assertThat(config.run()).isEqualTo(RunConfig.DEFAULTS);
    assertThat(config.model().name()).isEqualTo(ModelConfig.DEFAULT_SIM_NAME);
  }

  @Test
  void load_acceptsYamlNumberFormsAndKeepsStringsAsWritten() {
    ExperimentConfig config =
        ConfigFiles.load(
            dir,
            """
            name: 2024-01-01
            data: narratives.csv
            prompt: {template: "{text}"}
            model: {temperature: 5e-1, max_tokens: 1_000, seed: 0x2B}
            parse: {type: label, labels: [yes, no, 'off']}
            run: {timeout_seconds: 90, backoff_base_ms: 2_000}
            """);

    assertThat(config.name()).isEqualTo("2024-01-01");
    assertThat(config.model().temperature()).isEqualTo(0.5);
    assertThat(config.model().maxTokens()).isEqualTo(1000);
    assertThat(config.model().seed()).isEqualTo(43L);
    assertThat(config.parse().labels()).containsExactly("yes", "no", "off");
    assertThat(config.parse().field()).isNull();
    assertThat(config.run().backoffBaseMs()).isEqualTo(2000);
  }

  @Test
  void load_acceptsAnIntegerWhereANumberIsExpected() {
    ExperimentConfig config =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL + "model: {temperature: 1}\n");

    assertThat(config.model().temperature()).isEqualTo(1.0);
  }

  @Test
  void load_compilesARegexParser() {
    ExperimentConfig config =
        ConfigFiles.load(
            dir, ConfigFiles.MINIMAL + "parse:\n  type: regex\n  pattern: 'Label: (\\w+)'\n");

    assertThat(config.parse().type()).isEqualTo(ParseConfig.Type.REGEX);
    assertThat(config.parse().pattern()).isEqualTo("Label: (\\w+)");
    assertThat(config.parse().field()).isNull();
  }

  @Test
  void load_acceptsAByteOrderMark() {
    ExperimentConfig config = ConfigFiles.load(dir, "\uFEFF" + ConfigFiles.MINIMAL);

    assertThat(config.name()).isEqualTo("minimal");
  }

  @Test
  void describeKeys_listsEveryKeyOnceInConfigOrderWithTypeDefaultAndDescription() {
    List<ConfigKey> keys = ConfigLoader.describeKeys();

    assertThat(keys).extracting(ConfigKey::path).doesNotHaveDuplicates();
    assertThat(keys)
        .extracting(ConfigKey::path)
        .startsWith("name", "data", "db", "id_column", "text_column", "label_column", "model")
        .contains(
            "model.faults.bad_output",
            "model.price_per_million.output",
            "prompt.template",
            "parse.pattern")
        .endsWith("run.backoff_base_ms", "run.backoff_max_ms");
    assertThat(keys).allSatisfy(k -> assertThat(k.description()).isNotBlank());
    assertThat(keys)
        .contains(new ConfigKey("run.concurrency", "integer", "8", "requests in flight at once"));
    assertThat(keys)
        .filteredOn(k -> k.path().equals("model.provider"))
        .singleElement()
        .satisfies(k -> assertThat(k.type()).isEqualTo("one of sim, openai, anthropic"));
    assertThat(keys)
        .filteredOn(k -> k.path().equals("name"))
        .singleElement()
        .satisfies(k -> assertThat(k.defaultValue()).isEqualTo("(required)"));
  }

  @Test
  void describeKeysAsMarkdown_rendersOneRowPerKey() {
    String table = ConfigLoader.describeKeysAsMarkdown();

    assertThat(table.lines()).hasSize(ConfigLoader.describeKeys().size() + 2);
    assertThat(table).contains("| `model.temperature` | number | 0.0 | sampling temperature |");
  }
}
