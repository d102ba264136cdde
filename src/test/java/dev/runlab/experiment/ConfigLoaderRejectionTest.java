package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.runlab.ConfigException;
import dev.runlab.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderRejectionTest {
  @TempDir Path dir;

  private AbstractThrowableAssert<?, ? extends Throwable> loading(String yaml) {
    Path file = ConfigFiles.write(dir, "config.yaml", yaml);
    return assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file.toString() + ": ");
  }

  @Test
  void load_rejectsAnUnknownKeyWithItsPathLineASuggestionAndTheAllowedKeys() {
    loading(ConfigFiles.MINIMAL + "run:\n  concurency: 8\n")
        .hasMessageContaining("unknown key run.concurency (line 6)")
        .hasMessageContaining("did you mean run.concurrency?")
        .hasMessageContaining("keys allowed under run: concurrency, batch_size, max_attempts");
  }

  @Test
  void load_suggestsTheSectionOfAKeyWrittenAtTheWrongLevel() {
    loading(ConfigFiles.MINIMAL + "concurrency: 8\n")
        .hasMessageContaining("unknown key concurrency (line 5)")
        .hasMessageContaining("did you mean run.concurrency?")
        .hasMessageContaining("keys allowed at the top level: name, data, db,");
  }

  @Test
  void load_asksForNestedKeysWhenADottedPathIsWrittenAsOneKey() {
    loading(ConfigFiles.MINIMAL + "run.concurrency: 8\n")
        .hasMessageContaining("unknown key run.concurrency (line 5)")
        .hasMessageContaining("write it as nested keys");
  }

  @Test
  void load_rejectsAnUnknownKeyWithoutASuggestionWhenNothingIsClose() {
    loading(ConfigFiles.MINIMAL + "model:\n  flavour: vanilla\n")
        .hasMessageContaining("unknown key model.flavour (line 6)")
        .hasMessageNotContaining("did you mean")
        .hasMessageContaining("keys allowed under model: provider, name, base_url");
  }

  @Test
  void load_rejectsAJsonSchemaResponseFormatForAnswersThatAreNotJson() {
    loading(
            ConfigFiles.MINIMAL
                + "model:\n  response_format: json_schema\nparse:\n  type: label\n"
                + "  labels: [fall, burn]\n")
        .hasMessageContaining("model.response_format json_schema describes a JSON answer")
        .hasMessageContaining("parse.type: json");
  }

  @Test
  void load_rejectsBatchModeForTheSimulatedModel_whichHasNoBatchApi() {
    loading(ConfigFiles.MINIMAL + "run:\n  mode: batch\n")
        .hasMessageContaining("run.mode batch needs a provider with a batch API")
        .hasMessageContaining("model.provider sim has none")
        .hasMessageContaining("runlab fake-llm");
  }

  @Test
  void load_rejectsMoreRequestsPerBatchThanTheProviderAllows() {
    loading(
            ConfigFiles.MINIMAL
                + "model: {provider: anthropic, name: claude}\n"
                + "run: {mode: batch, batch_max_requests: 100001}\n")
        .hasMessageContaining("run.batch_max_requests 100001 is above anthropic's limit of 100000");
  }

  @Test
  void load_rejectsAnUnknownRunMode() {
    loading(ConfigFiles.MINIMAL + "run:\n  mode: offline\n").hasMessageContaining("run.mode");
  }

  @Test
  void load_rejectsAnUnknownResponseFormat() {
    loading(ConfigFiles.MINIMAL + "model:\n  response_format: xml\n")
        .hasMessageContaining("model.response_format");
  }

  @Test
  void load_rejectsAWrongTypeNamingKeyExpectedTypeValueAndLine() {
    loading(ConfigFiles.MINIMAL + "run:\n  batch_size: 10\n  concurrency: \"eight\"\n")
        .hasMessageContaining("run.concurrency must be an integer, got 'eight' (line 7)");
  }

  @Test
  void load_rejectsAFractionWhereAnIntegerIsExpected() {
    loading(ConfigFiles.MINIMAL + "model: {max_tokens: 2.5}\n")
        .hasMessageContaining("model.max_tokens must be an integer, got '2.5' (line 5)");
  }

  @Test
  void load_rejectsYesAndNoAsBooleans() {
    loading(ConfigFiles.MINIMAL + "run: {retry_parse_errors: yes}\n")
        .hasMessageContaining("run.retry_parse_errors must be true or false, got 'yes' (line 5)");
  }

  @Test
  void load_rejectsAQuotedNumberWhereANumberIsExpected() {
    loading(ConfigFiles.MINIMAL + "model: {temperature: '0.5'}\n")
        .hasMessageContaining("model.temperature must be a number, got '0.5'");
  }

  @Test
  void load_rejectsAListWhereAStringIsExpectedAndAStringWhereAListIs() {
    loading(ConfigFiles.MINIMAL.replace("name: minimal", "name: [a, b]"))
        .hasMessageContaining("name must be a string, got a list (line 1)");
    loading(ConfigFiles.MINIMAL + "parse: {labels: positive}\n")
        .hasMessageContaining("parse.labels must be a list of strings")
        .hasMessageContaining("got 'positive' (line 5)");
  }

  @Test
  void load_rejectsAScalarWhereASectionIsExpected() {
    loading(ConfigFiles.MINIMAL + "model: gpt-4o\n")
        .hasMessageContaining("model must be a mapping with keys such as provider, name")
        .hasMessageContaining("got 'gpt-4o' (line 5)");
  }

  @Test
  void load_rejectsDuplicateAndEmptyLabels() {
    loading(ConfigFiles.MINIMAL + "parse:\n  labels: [a, b, a]\n")
        .hasMessageContaining("parse.labels lists 'a' twice (line 6)");
    loading(ConfigFiles.MINIMAL + "parse:\n  labels: [a, '']\n")
        .hasMessageContaining("parse.labels must not hold an empty string (line 6)");
  }

  @Test
  void load_rejectsValuesOutOfRange() {
    loading(ConfigFiles.MINIMAL + "run:\n  concurrency: 0\n")
        .hasMessageContaining("run.concurrency must be at least 1, got '0' (line 6)");
    loading(ConfigFiles.MINIMAL + "model:\n  temperature: -0.5\n")
        .hasMessageContaining("model.temperature must be at least 0, got '-0.5' (line 6)");
    loading(ConfigFiles.MINIMAL + "model:\n  faults: {timeout: 1.5}\n")
        .hasMessageContaining("model.faults.timeout must be between 0 and 1, got '1.5' (line 6)");
    loading(ConfigFiles.MINIMAL + "model:\n  max_tokens: 99999999999\n")
        .hasMessageContaining("model.max_tokens must be at most 2147483647");
    loading(ConfigFiles.MINIMAL + "model:\n  temperature: .nan\n")
        .hasMessageContaining("model.temperature must be a finite number");
  }

  @Test
  void load_rejectsBackoffMaxBelowBackoffBase() {
    loading(ConfigFiles.MINIMAL + "run:\n  backoff_base_ms: 5000\n  backoff_max_ms: 100\n")
        .hasMessageContaining(
            "run.backoff_max_ms (100) must be at least run.backoff_base_ms (5000) (line 7)");
  }

  @Test
  void load_rejectsMissingRequiredKeysSayingWhereToAddThem() {
    loading("data: n.csv\nprompt: {template: x}\n")
        .hasMessageContaining("name is required; add name: at the top level");
    loading("name: x\nprompt: {template: x}\n").hasMessageContaining("data is required");
    loading("name: x\ndata: n.csv\nprompt:\n  system: hello\n")
        .hasMessageContaining("prompt.template is required (line 3); add template: under prompt:");
    loading("name: x\ndata: n.csv\n").hasMessageContaining("prompt.template is required");
  }

  @Test
  void load_rejectsAnEmptyRequiredValue() {
    loading(ConfigFiles.MINIMAL.replace("name: minimal", "name:"))
        .hasMessageContaining("name must be a string, got an empty value (line 1)");
    loading(ConfigFiles.MINIMAL.replace("name: minimal", "name: '  '"))
        .hasMessageContaining("name must not be empty (line 1)");
  }

  @Test
  void load_requiresAModelNameForRealProviders() {
    loading(ConfigFiles.MINIMAL + "model:\n  provider: openai\n")
        .hasMessageContaining("model.name is required for model.provider openai (line 6)");
  }

  @Test
  void load_rejectsAnUnknownProviderWithASuggestion() {
    loading(ConfigFiles.MINIMAL + "model:\n  provider: opnai\n")
        .hasMessageContaining(
            "model.provider must be one of sim, openai, anthropic, got 'opnai' (line 6)")
        .hasMessageContaining("did you mean openai?");
  }

  @Test
  void load_rejectsSimOnlySettingsWithARealProvider() {
    loading(
            ConfigFiles.MINIMAL
                + "model:\n  provider: openai\n  name: m\n  faults: {timeout: 0.1}\n")
        .hasMessageContaining(
            "model.faults is only used with model.provider sim, not openai (line 8)");
    loading(ConfigFiles.MINIMAL + "model:\n  provider: anthropic\n  name: m\n  latency_ms: 5\n")
        .hasMessageContaining("model.latency_ms is only used with model.provider sim");
  }

  @Test
  void load_rejectsAnUnknownParseType() {
    loading(ConfigFiles.MINIMAL + "parse:\n  type: JSON\n")
        .hasMessageContaining("parse.type must be one of json, label, regex, raw, got 'JSON'")
        .hasMessageContaining("did you mean json?");
  }

  @Test
  void load_rejectsAnInvalidRegexNamingTheKeyAndLine() {
    loading(ConfigFiles.MINIMAL + "parse:\n  type: regex\n  pattern: 'Label: (\\w+'\n")
        .hasMessageContaining("parse.pattern is not a valid Java regular expression")
        .hasMessageContaining("(line 7)");
  }

  @Test
  void load_rejectsARegexParserWithoutAPattern() {
    loading(ConfigFiles.MINIMAL + "parse:\n  type: regex\n")
        .hasMessageContaining("parse.type regex needs parse.pattern (line 6)");
  }

  @Test
  void load_rejectsParseSettingsThatTheParseTypeWouldIgnore() {
    loading(ConfigFiles.MINIMAL + "parse:\n  pattern: '(\\w+)'\n")
        .hasMessageContaining(
            "parse.pattern is only used with parse.type regex, not json (line 6)");
    loading(ConfigFiles.MINIMAL + "parse:\n  type: label\n  field: answer\n")
        .hasMessageContaining("parse.field is only used with parse.type json, not label (line 7)");
  }

  @Test
  void load_rejectsADuplicateKeyNamingBothLines() {
    loading(ConfigFiles.MINIMAL + "run:\n  concurrency: 4\n  concurrency: 8\n")
        .hasMessageContaining("run.concurrency is given twice, first at line 6 (line 7)");
  }

  @Test
  void load_rejectsAnAliasBombQuickly() {
    StringBuilder bomb = new StringBuilder(ConfigFiles.MINIMAL);
    bomb.append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 10; level++) {
      bomb.append("a").append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      bomb.append("]\n");
    }
    Path file = ConfigFiles.write(dir, "bomb.yaml", bomb.toString());

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bomb.yaml")
                .hasMessageContaining("aliases"));
  }

  @Test
  void load_rejectsAHugeFileWithoutParsingIt() {
    loading(ConfigFiles.MINIMAL + "#" + "x".repeat(4_000_000) + "\n")
        .hasMessageContaining(": too large for a config");
    loading(ConfigFiles.MINIMAL + "#" + "x".repeat(1_500_000) + "\n")
        .hasMessageContaining(": too large for a config (over 1000000 characters)");
  }

  @Test
  void load_rejectsDeepNesting() {
    loading(ConfigFiles.MINIMAL + "run: " + "[".repeat(50) + "]".repeat(50) + "\n")
        .hasMessageContaining("Nesting Depth exceeded");
  }

  @Test
  void load_rejectsAPythonObjectTag() {
    loading(ConfigFiles.MINIMAL + "model: !!python/object/apply:os.system ['rm -rf /']\n")
        .hasMessageContaining("the tag !!python/object/apply:os.system is not allowed (line 5)");
  }

  @Test
  void load_rejectsLocalAndJavaTags() {
    loading(ConfigFiles.MINIMAL.replace("name: minimal", "name: !shell minimal"))
        .hasMessageContaining("the tag !shell is not allowed (line 1)");
    loading(ConfigFiles.MINIMAL.replace("name: minimal", "name: !!java.io.File minimal"))
        .hasMessageContaining("the tag !!java.io.File is not allowed (line 1)");
    loading(ConfigFiles.MINIMAL + "parse: {labels: !!set {a, b}}\n")
        .hasMessageContaining("the tag !!set is not allowed (line 5)");
  }

  @Test
  void load_acceptsExplicitStandardTags() {
    ExperimentConfig config =
        ConfigFiles.load(dir, ConfigFiles.MINIMAL.replace("name: minimal", "name: !!str 5"));

    assertThat(config.name()).isEqualTo("5");
  }

  @Test
  void load_rejectsMergeKeys() {
    loading(ConfigFiles.MINIMAL + "base: &base {concurrency: 2}\nrun:\n  <<: *base\n")
        .hasMessageContaining("unknown key base (line 5)")
        .hasMessageNotContaining("did you mean");
    loading(ConfigFiles.MINIMAL + "run:\n  <<: {concurrency: 2}\n")
        .hasMessageContaining("unknown key run.<< (line 6)")
        .hasMessageContaining("merge keys are not supported");
  }

  @Test
  void load_reportsASyntaxErrorWithItsLine() {
    loading("name: x\ndata: n.csv\nprompt: {template: \"x\"\nrun: [\n")
        .hasMessageContaining("not valid YAML")
        .hasMessageMatching("(?s).*\\(line [345]\\).*");
    loading("name: x\n  data: n.csv\n")
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("(line 2)");
  }

  @Test
  void load_rejectsAnEmptyFile() {
    Path file = ConfigFiles.write(dir, "empty.yaml", "# nothing yet\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ": the file is empty; a config needs at least name:, data: and prompt: with"
                + " template:");
  }

  @Test
  void load_rejectsATopLevelThatIsNotAMapping() {
    loading("- name: x\n- data: y\n")
        .hasMessageContaining("the top level must be a mapping of keys such as name:")
        .hasMessageContaining("got a list (line 1)");
  }

  @Test
  void load_rejectsASecondDocument() {
    loading(ConfigFiles.MINIMAL + "---\nname: other\n")
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("(line 5)");
  }

  @Test
  void load_reportsAMissingFileWithExitCodeTwo() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("config file " + missing + " not found");
  }

  @Test
  void load_rejectsAFileThatIsNotUtf8() throws Exception {
    Path file = dir.resolve("latin1.yaml");
    java.nio.file.Files.write(file, "name: caf\u00e9\n".getBytes("ISO-8859-1"));

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": not UTF-8 text; save it as UTF-8");
  }
}
