package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDriftTest {
  @TempDir Path dir;

  @Test
  void compare_findsNothingBetweenEqualConfigs() {
    ExperimentConfig stored = ConfigFiles.load(dir, ConfigFiles.FULL);
    ExperimentConfig given = ConfigFiles.load(dir, ConfigFiles.FULL);

    assertThat(ConfigDrift.compare(stored, given)).isEmpty();
  }

  @Test
  void compare_listsExactlyTheDifferingKeysExperimentalFirstThenOperational() {
    ExperimentConfig stored = ConfigFiles.load(dir, ConfigFiles.FULL);
    ExperimentConfig given =
        ConfigFiles.load(
            dir,
            ConfigFiles.FULL
                .replace("concurrency: 4", "concurrency: 16")
                .replace("temperature: 0.7", "temperature: 0.0")
                .replace("labels: [fall, burn, other]", "labels: [fall, burn]")
                .replace("  retry_parse_errors: true\n", ""));

    List<ConfigDifference> differences = ConfigDrift.compare(stored, given);

    assertThat(differences)
        .containsExactly(
            new ConfigDifference("model.temperature", "0.7", "0.0", false),
            new ConfigDifference(
                "parse.labels", "[\"fall\", \"burn\", \"other\"]", "[\"fall\", \"burn\"]", false),
            new ConfigDifference("run.concurrency", "4", "16", true),
            new ConfigDifference("run.retry_parse_errors", "true", "false", true));
  }

  @Test
  void compare_putsOperationalKeysAfterExperimentalOnesEvenWhenBothChange() {
    ExperimentConfig stored = ConfigFiles.load(dir, ConfigFiles.MINIMAL);
    ExperimentConfig given =
        ConfigFiles.load(
            dir,
            ConfigFiles.MINIMAL.replace("name: minimal", "name: renamed")
                + "run: {batch_size: 7}\n");

    assertThat(ConfigDrift.compare(stored, given))
        .extracting(ConfigDifference::key, ConfigDifference::operational)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("name", false),
            org.assertj.core.groups.Tuple.tuple("run.batch_size", true));
  }

  @Test
  void compare_showsAnAbsentValueAsNone() {
    ExperimentConfig stored = ConfigFiles.load(dir, ConfigFiles.MINIMAL);
    ExperimentConfig given =
        ConfigFiles.load(
            dir,
            ConfigFiles.MINIMAL
                + "label_column: gold\nmodel:\n  price_per_million: {input: 0.15, output: 0.6}\n");

    assertThat(ConfigDrift.compare(stored, given))
        .containsExactly(
            new ConfigDifference("label_column", "(none)", "\"gold\"", false),
            new ConfigDifference("model.price_per_million.input", "(none)", "0.15", false),
            new ConfigDifference("model.price_per_million.output", "(none)", "0.6", false));
  }

  @Test
  void compare_shortensLongTextsAroundWhereTheyDiffer() {
    String start = "You are a careful annotator. ".repeat(5);
    ExperimentConfig stored =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL.replace("Classify: ", start + "Classify: "));
    ExperimentConfig given =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL.replace("Classify: ", start + "Label: "));

    List<ConfigDifference> differences = ConfigDrift.compare(stored, given);

    assertThat(differences)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo("prompt.template");
              assertThat(d.stored())
                  .startsWith("\"...")
                  .endsWith("Classify: {text}\"")
                  .hasSizeLessThanOrEqualTo(80);
              assertThat(d.given()).startsWith("\"...").endsWith("Label: {text}\"");
            });
  }

  @Test
  void compare_cutsALongTextToEightyCharacters() {
    ExperimentConfig stored = ConfigFiles.load(dir, ConfigFiles.MINIMAL);
    ExperimentConfig given =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL.replace("Classify: ", "x".repeat(200) + "\\n"));

    ConfigDifference difference = ConfigDrift.compare(stored, given).get(0);

    assertThat(difference.stored()).isEqualTo("\"Classify: {text}\"");
    assertThat(difference.given()).hasSize(80).startsWith("\"xxx").endsWith("...\"");
  }

  @Test
  void describe_readsAsOneLine() {
    ConfigDifference difference = new ConfigDifference("model.temperature", "0.0", "0.7", false);

    assertThat(difference.describe()).isEqualTo("model.temperature: stored 0.0, given 0.7");
  }
}
