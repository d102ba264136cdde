package dev.runlab.experiment;

import dev.runlab.experiment.ModelConfig.FaultRates;
import dev.runlab.experiment.ModelConfig.Price;
import dev.runlab.store.DbLocation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds an {@link ExperimentConfig} from type-checked {@link Settings}: applies the defaults that
 * depend on other keys (model name, API key variable, parse field), checks the rules that span
 * keys, resolves paths, and turns a record constructor's {@link IllegalArgumentException} into a
 * {@link dev.runlab.ConfigException} with the file and line.
 */
final class ConfigAssembler {
  /** Keys that only the simulated provider reads. */
  private static final List<String> SIM_ONLY = List.of("model.latency_ms", "model.faults");

  private final Settings settings;
  private final Path baseDir;

  /**
   * @param baseDir the folder relative paths resolve against; {@code null} for the stored JSON
   *     form, whose paths are absolute already and which holds every key (sim-only ones included)
   */
  ConfigAssembler(Settings settings, Path baseDir) {
    this.settings = settings;
    this.baseDir = baseDir;
  }

  ExperimentConfig assemble() {
    String name = settings.string("name");
    Path data = path("data");
    DbLocation db = settings.isGiven("db") ? database() : null;
    String idColumn = settings.string("id_column");
    String textColumn = settings.string("text_column");
    String labelColumn = settings.string("label_column");
    ModelConfig model = model();
    PromptConfig prompt =
        build(
            "prompt",
            () ->
                new PromptConfig(
                    settings.string("prompt.system"), settings.string("prompt.template")));
    ParseConfig parse = parse();
    if (model.responseFormat().equals(ModelConfig.JSON_SCHEMA)
        && parse.type() != ParseConfig.Type.JSON) {
      throw settings.error(
          "model.response_format",
          "model.response_format json_schema describes a JSON answer, but parse.type is "
              + parse.type().name().toLowerCase(Locale.ROOT),
          "set parse.type: json (with parse.field), or use response_format: none");
    }
    RunConfig run = run();
    checkBatchMode(model, run);
    return build(
        "data",
        () ->
            new ExperimentConfig(
                name, data, db, idColumn, textColumn, labelColumn, model, prompt, parse, run));
  }

  private ModelConfig model() {
    String provider = settings.string("model.provider");
    boolean sim = ModelConfig.SIM.equals(provider);
    if (!sim) {
      checkNoSimSettings(provider);
    }
    String name = modelName(provider, sim);
    String apiKeyEnv =
        settings.isPresent("model.api_key_env")
            ? settings.string("model.api_key_env")
            : ModelConfig.defaultApiKeyEnv(provider);
    Long seed = (Long) settings.value("model.seed");
    long latencyMs = sim ? settings.integer("model.latency_ms") : 0;
    FaultRates faults = sim ? faults() : FaultRates.NONE;
    Price price = settings.isGiven("model.price_per_million") ? price() : null;
    return build(
        "model",
        () ->
            ModelConfig.builder(provider, name)
                .baseUrl(settings.string("model.base_url"))
                .apiKeyEnv(apiKeyEnv)
                .temperature(settings.number("model.temperature"))
                .seed(seed)
                .maxTokens(settings.smallInteger("model.max_tokens"))
                .latencyMs(latencyMs)
                .faults(faults)
                .pricePerMillion(price)
                .maxTokensField(settings.string("model.max_tokens_field"))
                .responseFormat(settings.string("model.response_format"))
                .batchDiscount(settings.number("model.batch_discount"))
                .build());
  }

  private void checkNoSimSettings(String provider) {
    if (baseDir == null) {
      return; // the stored form lists every key, sim-only ones too
    }
    for (String key : SIM_ONLY) {
      if (settings.isGiven(key)) {
        throw settings.error(
            key,
            key + " is only used with model.provider sim, not " + provider,
            "remove it, or set model.provider: sim");
      }
    }
  }

  private String modelName(String provider, boolean sim) {
    String name = settings.string("model.name");
    if (name != null) {
      return name;
    }
    if (sim) {
      return ModelConfig.DEFAULT_SIM_NAME;
    }
    throw settings.error(
        "model.provider",
        "model.name is required for model.provider " + provider,
        "add name: under model:, e.g. name: "
            + (provider.equals(ModelConfig.OPENAI) ? "gpt-4o-mini" : "claude-3-5-haiku-latest"));
  }

  private FaultRates faults() {
    return build(
        "model.faults",
        () ->
            new FaultRates(
                settings.number("model.faults.rate_limit"),
                settings.number("model.faults.server_error"),
                settings.number("model.faults.timeout"),
                settings.number("model.faults.bad_output")));
  }

  private Price price() {
    return build(
        "model.price_per_million",
        () ->
            new Price(
                settings.number("model.price_per_million.input"),
                settings.number("model.price_per_million.output")));
  }

  private ParseConfig parse() {
    String typeName = settings.string("parse.type");
    ParseConfig.Type type = ParseConfig.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
    onlyWith("parse.field", type == ParseConfig.Type.JSON, typeName, "json");
    onlyWith("parse.pattern", type == ParseConfig.Type.REGEX, typeName, "regex");
    String pattern = settings.string("parse.pattern");
    if (type == ParseConfig.Type.REGEX && pattern == null) {
      throw settings.error(
          "parse.type",
          "parse.type regex needs parse.pattern",
          "add pattern: under parse:, e.g. pattern: 'Label: (\\w+)'");
    }
    if (pattern != null) {
      checkRegex(pattern);
    }
    String field =
        settings.isPresent("parse.field")
            ? settings.string("parse.field")
            : type == ParseConfig.Type.JSON ? "label" : null;
    List<String> labels = settings.strings("parse.labels");
    return build("parse", () -> new ParseConfig(type, field, labels, pattern));
  }

  private void onlyWith(String key, boolean applies, String type, String neededType) {
    if (!applies && settings.isGiven(key)) {
      throw settings.error(
          key,
          key + " is only used with parse.type " + neededType + ", not " + type,
          "remove it, or set parse.type: " + neededType);
    }
  }

  private void checkRegex(String pattern) {
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw settings.error(
          "parse.pattern",
          "parse.pattern is not a valid Java regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex(),
          "fix the pattern (in YAML, single quotes keep backslashes as they are)");
    }
  }

  private RunConfig run() {
    long base = settings.integer("run.backoff_base_ms");
    long max = settings.integer("run.backoff_max_ms");
    if (max < base) {
      throw settings.error(
          settings.isGiven("run.backoff_max_ms") ? "run.backoff_max_ms" : "run.backoff_base_ms",
          "run.backoff_max_ms (" + max + ") must be at least run.backoff_base_ms (" + base + ")",
          "raise backoff_max_ms or lower backoff_base_ms");
    }
    return build(
        "run",
        () ->
            RunConfig.builder()
                .concurrency(settings.smallInteger("run.concurrency"))
                .batchSize(settings.smallInteger("run.batch_size"))
                .maxAttempts(settings.smallInteger("run.max_attempts"))
                .requestsPerMinute(settings.smallInteger("run.requests_per_minute"))
                .tokensPerMinute(settings.smallInteger("run.tokens_per_minute"))
                .timeoutSeconds(settings.smallInteger("run.timeout_seconds"))
                .retryParseErrors(settings.bool("run.retry_parse_errors"))
                .backoffBaseMs(base)
                .backoffMaxMs(max)
                .mode(settings.string("run.mode"))
                .batchMaxRequests(settings.smallInteger("run.batch_max_requests"))
                .batchPollSeconds(settings.number("run.batch_poll_seconds"))
                .leaseSeconds(settings.smallInteger("run.lease_seconds"))
                .build());
  }

  /**
   * Batch mode needs a provider with a batch API, and at most that API's requests per batch. The
   * stored form is checked too: a resume may change run.mode.
   */
  private void checkBatchMode(ModelConfig model, RunConfig run) {
    int limit = ModelConfig.maxBatchRequests(model.provider());
    if (run.batchMode() && limit == 0) {
      throw settings.error(
          "run.mode",
          "run.mode batch needs a provider with a batch API (openai or anthropic); model.provider "
              + model.provider()
              + " has none",
          "use run.mode: online, or rehearse batch mode with `runlab fake-llm` and provider openai"
              + " or anthropic");
    }
    if (limit > 0 && run.batchMaxRequests() > limit) {
      throw settings.error(
          "run.batch_max_requests",
          "run.batch_max_requests "
              + run.batchMaxRequests()
              + " is above "
              + model.provider()
              + "'s limit of "
              + limit
              + " requests per batch",
          "use at most " + limit + ", or 0 for the provider's limit");
    }
  }

  /** {@code db:}: a PostgreSQL URL, or a SQLite file relative to the config's folder. */
  private DbLocation database() {
    String text = settings.string("db");
    if (DbLocation.looksLikeUrl(text)) {
      try {
        return DbLocation.parse(text, null);
      } catch (dev.runlab.RunlabException e) {
        throw settings.error("db", e.getMessage());
      }
    }
    return DbLocation.of(path("db"));
  }

  private Path path(String key) {
    String text = settings.string(key);
    try {
      Path path = Path.of(text);
      if (baseDir == null && !path.isAbsolute()) {
        throw settings.error(
            key, key + " must be an absolute path in the stored config, got " + text);
      }
      return (baseDir == null ? path : baseDir.resolve(path)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw settings.error(key, key + " is not a valid path: " + e.getMessage());
    }
  }

  /** Runs a record constructor; its validation message becomes a config error at the key's line. */
  private <T> T build(String key, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw settings.error(key, "invalid " + key + ": " + e.getMessage(), "fix the value");
    }
  }
}
