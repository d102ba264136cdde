package dev.runlab.experiment;

import dev.runlab.experiment.SchemaKey.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one table of every config key: its YAML path, type, default, limits, a one-line description,
 * and how to read its value from an {@link ExperimentConfig}. Loading ({@link SettingsReader}), the
 * stored JSON ({@link ConfigJson}), drift ({@link ConfigDrift}) and the key reference ({@link
 * ConfigLoader#describeKeys()}) all walk this table, so a new key is one line here, a record
 * component, and one argument where {@link ConfigAssembler} builds the record.
 *
 * <p>Keys are listed in config order, each section before its children. Values read from a config
 * are plain: {@code String}, {@code Long} (integers), {@code Double}, {@code Boolean}, {@code
 * List<String>} or {@code null}; a section reads as its record (or {@code null} when absent).
 */
final class Schema {

  private static final double INT_MAX = Integer.MAX_VALUE;

  static final List<SchemaKey> KEYS =
      List.of(
          key("name", Type.STRING, "a short name for the experiment", c -> c.name()).mandatory(),
          key(
                  "data",
                  Type.PATH,
                  "the data file (CSV or JSONL), relative to the config file",
                  c -> c.data().toString())
              .mandatory(),
          key(
                  "db",
                  Type.PATH,
                  "the database: a SQLite file relative to the config file, or"
                      + " postgresql://[USER@]HOST[:PORT]/DATABASE (password from PGPASSWORD or"
                      + " ~/.pgpass)",
                  c -> c.db() == null ? null : c.db().toString())
              .emptyAllowed()
              .defaultShownAs("data/runlab.db (or --db)"),
          key("id_column", Type.STRING, "the column that holds the narrative id", c -> c.idColumn())
              .byDefault("id"),
          key(
                  "text_column",
                  Type.STRING,
                  "the column that holds the narrative text",
                  c -> c.textColumn())
              .byDefault("text"),
          key("label_column", Type.STRING, "the gold label column", c -> c.labelColumn())
              .emptyAllowed()
              .defaultShownAs("label, if the data has that column"),
          key("model", Type.SECTION, "the model that answers", c -> c.model()),
          choice(
                  "model.provider",
                  "where requests go",
                  c -> c.model().provider(),
                  ModelConfig.SIM,
                  ModelConfig.OPENAI,
                  ModelConfig.ANTHROPIC)
              .byDefault(ModelConfig.SIM),
          key("model.name", Type.STRING, "the model name sent to the API", c -> c.model().name())
              .defaultShownAs(ModelConfig.DEFAULT_SIM_NAME + " for sim; required otherwise"),
          key("model.base_url", Type.STRING, "the API base URL", c -> c.model().baseUrl())
              .emptyAllowed()
              .defaultShownAs("the provider's public API"),
          key(
                  "model.api_key_env",
                  Type.STRING,
                  "the environment variable that holds the API key (never the key itself)",
                  c -> c.model().apiKeyEnv())
              .emptyAllowed()
              .defaultShownAs("OPENAI_API_KEY or ANTHROPIC_API_KEY by provider; none for sim"),
          key(
                  "model.temperature",
                  Type.NUMBER,
                  "sampling temperature",
                  c -> c.model().temperature())
              .byDefault(0.0)
              .range(0, null),
          key("model.seed", Type.LONG, "sampling seed; null for none", c -> c.model().seed())
              .emptyAllowed()
              .byDefault(42L),
          key("model.max_tokens", Type.INT, "the answer length limit", c -> c.model().maxTokens())
              .byDefault(256)
              .range(1, INT_MAX),
          choice(
                  "model.max_tokens_field",
                  "openai only: the body field for max_tokens (auto: max_completion_tokens for"
                      + " api.openai.com, max_tokens elsewhere)",
                  c -> c.model().maxTokensField(),
                  ModelConfig.AUTO,
                  "max_tokens",
                  "max_completion_tokens")
              .byDefault(ModelConfig.AUTO),
          choice(
                  "model.response_format",
                  "openai only: ask for any JSON object (json_object) or for a strict schema of"
                      + " parse.field with parse.labels (json_schema)",
                  c -> c.model().responseFormat(),
                  ModelConfig.NONE,
                  ModelConfig.JSON_OBJECT,
                  ModelConfig.JSON_SCHEMA)
              .byDefault(ModelConfig.NONE),
          key(
                  "model.latency_ms",
                  Type.LONG,
                  "sim only: how long each request takes",
                  c -> c.model().latencyMs())
              .byDefault(0L)
              .range(0, null),
          key(
              "model.faults",
              Type.SECTION,
              "sim only: the share of requests that fail",
              c -> c.model().faults()),
          fault("rate_limit", "answered with 429", f -> f.rateLimit()),
          fault("server_error", "answered with 500", f -> f.serverError()),
          fault("timeout", "that time out", f -> f.timeout()),
          fault("bad_output", "answered with text that does not parse", f -> f.badOutput()),
          key(
                  "model.price_per_million",
                  Type.SECTION,
                  "price per million tokens, for cost so far and cost to finish",
                  c -> c.model().pricePerMillion())
              .emptyAllowed(),
          price("input", "prompt", p -> p.input()),
          price("output", "completion", p -> p.output()),
          key(
                  "model.batch_discount",
                  Type.NUMBER,
                  "run.mode batch: the share of the price the provider's batch API takes off, for"
                      + " the cost shown (0.5: half price)",
                  c -> c.model().batchDiscount())
              .byDefault(ModelConfig.DEFAULT_BATCH_DISCOUNT)
              .range(0, 1.0),
          key("prompt", Type.SECTION, "what is sent for each narrative", c -> c.prompt()),
          key("prompt.system", Type.STRING, "the system prompt", c -> c.prompt().system())
              .emptyAllowed(),
          key(
                  "prompt.template",
                  Type.STRING,
                  "the user message; {column} placeholders, {{ and }} for literal braces",
                  c -> c.prompt().template())
              .mandatory(),
          key("parse", Type.SECTION, "how an answer becomes a parsed label", c -> c.parse()),
          choice(
                  "parse.type",
                  "how to read the answer",
                  c -> c.parse().type().name().toLowerCase(Locale.ROOT),
                  "json",
                  "label",
                  "regex",
                  "raw")
              .byDefault("json"),
          key(
                  "parse.field",
                  Type.STRING,
                  "json only: the field that holds the label",
                  c -> c.parse().field())
              .emptyAllowed()
              .defaultShownAs("label for type json"),
          key(
                  "parse.labels",
                  Type.STRINGS,
                  "the allowed labels; empty: any value",
                  c -> c.parse().labels())
              .byDefault(List.of()),
          key(
                  "parse.pattern",
                  Type.STRING,
                  "regex only: a Java regex whose group 1 (or whole match) is the label",
                  c -> c.parse().pattern())
              .emptyAllowed(),
          key("run", Type.SECTION, "operational settings; may change on resume", c -> c.run()),
          run("concurrency", Type.INT, "requests in flight at once", r -> r.concurrency(), 1),
          run(
              "batch_size",
              Type.INT,
              "final results committed per transaction",
              r -> r.batchSize(),
              1),
          run(
              "max_attempts",
              Type.INT,
              "failed attempts (429s excluded) before an error is final",
              r -> r.maxAttempts(),
              1),
          run(
              "requests_per_minute",
              Type.INT,
              "request rate limit; 0 for none",
              r -> r.requestsPerMinute(),
              0),
          run(
              "tokens_per_minute",
              Type.INT,
              "token rate limit; 0 for none",
              r -> r.tokensPerMinute(),
              0),
          run("timeout_seconds", Type.INT, "per-request timeout", r -> r.timeoutSeconds(), 1),
          key(
                  "run.retry_parse_errors",
                  Type.BOOLEAN,
                  "whether an answer that does not parse is retried",
                  c -> c.run().retryParseErrors())
              .byDefault(RunConfig.DEFAULTS.retryParseErrors()),
          choice(
                  "run.mode",
                  "online: one request per narrative; batch: the provider's batch API (openai,"
                      + " anthropic), at its batch price",
                  c -> c.run().mode(),
                  RunConfig.ONLINE,
                  RunConfig.BATCH)
              .byDefault(RunConfig.ONLINE),
          run(
                  "batch_max_requests",
                  Type.INT,
                  "batch mode: requests per batch; 0 for the provider's limit",
                  r -> r.batchMaxRequests(),
                  0)
              .defaultShownAs("0: the provider's limit (openai 50,000, anthropic 100,000)"),
          key(
                  "run.batch_poll_seconds",
                  Type.NUMBER,
                  "batch mode: how often open batches are polled",
                  c -> c.run().batchPollSeconds())
              .byDefault(RunConfig.DEFAULTS.batchPollSeconds())
              .range(0.05, null),
          run(
              "lease_seconds",
              Type.INT,
              "shared PostgreSQL store: how long a worker's claim on a narrative lasts without"
                  + " renewal (a dead worker's narratives go to others after it)",
              r -> r.leaseSeconds(),
              5),
          run(
              "backoff_base_ms",
              Type.LONG,
              "first retry delay before jitter",
              r -> r.backoffBaseMs(),
              0),
          run(
              "backoff_max_ms",
              Type.LONG,
              "largest retry delay; at least backoff_base_ms",
              r -> r.backoffMaxMs(),
              0));

  private static final Map<String, SchemaKey> BY_PATH =
      KEYS.stream().collect(Collectors.toUnmodifiableMap(SchemaKey::path, k -> k));

  private Schema() {}

  static Optional<SchemaKey> find(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  static SchemaKey get(String path) {
    return find(path).orElseThrow(() -> new IllegalArgumentException("no config key " + path));
  }

  /** The keys directly inside a section ({@code ""} for the top level), in config order. */
  static List<SchemaKey> children(String section) {
    List<SchemaKey> result = new ArrayList<>();
    for (SchemaKey key : KEYS) {
      if (key.parent().equals(section)) {
        result.add(key);
      }
    }
    return result;
  }

  private static SchemaKey key(
      String path, Type type, String description, Function<ExperimentConfig, Object> read) {
    return new SchemaKey(
        path, type, description, read, false, false, null, null, null, null, List.of());
  }

  private static SchemaKey choice(
      String path, String description, Function<ExperimentConfig, Object> read, String... values) {
    return new SchemaKey(
        path,
        Type.CHOICE,
        description,
        read,
        false,
        false,
        null,
        null,
        null,
        null,
        List.of(values));
  }

  private static SchemaKey fault(
      String name, String what, Function<ModelConfig.FaultRates, Object> read) {
    return key(
            "model.faults." + name,
            Type.NUMBER,
            "sim only: the share of requests " + what,
            c -> read.apply(c.model().faults()))
        .byDefault(0.0)
        .range(0, 1.0);
  }

  private static SchemaKey price(
      String name, String tokens, Function<ModelConfig.Price, Object> read) {
    return key(
            "model.price_per_million." + name,
            Type.NUMBER,
            "price per million " + tokens + " tokens",
            c ->
                c.model().pricePerMillion() == null
                    ? null
                    : read.apply(c.model().pricePerMillion()))
        .mandatory()
        .defaultShownAs("(required in price_per_million)")
        .range(0, null);
  }

  private static SchemaKey run(
      String name, Type type, String description, Function<RunConfig, Object> read, int min) {
    return key("run." + name, type, description, c -> read.apply(c.run()))
        .byDefault(read.apply(RunConfig.DEFAULTS))
        .range(min, type == Type.INT ? INT_MAX : null);
  }
}
