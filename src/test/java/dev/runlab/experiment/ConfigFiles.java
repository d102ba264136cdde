package dev.runlab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes config files for tests. */
final class ConfigFiles {
  /** The smallest valid config: the three required keys. */
  static final String MINIMAL =
      """
      name: minimal
      data: narratives.csv
      prompt:
        template: "Classify: {text}"
      """;

  /** A config that sets every key, with values that differ from the defaults. */
  static final String FULL =
      """
      name: full
      data: sets/narratives.jsonl
      db: ../state/run.db
      id_column: case_id
      text_column: narrative
      label_column: gold
      model:
        provider: sim
        name: sim-fancy
        base_url: http://127.0.0.1:9999/v1
        api_key_env: SIM_KEY
        temperature: 0.7
        seed: 7
        max_tokens: 64
        latency_ms: 15
        faults: {rate_limit: 0.1, server_error: 0.05, timeout: 0.02, bad_output: 0.01}
        price_per_million: {input: 0.15, output: 0.6}
        max_tokens_field: max_completion_tokens
        response_format: json_schema
        batch_discount: 0.4
      prompt:
        system: You label narratives.
        template: |
          Narrative {id}: {narrative}
          Answer as {"label": "..."}
      parse:
        type: json
        field: category
        labels: [fall, burn, other]
      run:
        concurrency: 4
        batch_size: 50
        max_attempts: 5
        requests_per_minute: 600
        tokens_per_minute: 90000
        timeout_seconds: 30
        retry_parse_errors: true
        backoff_base_ms: 500
        backoff_max_ms: 30000
        mode: online
        batch_max_requests: 1000
        batch_poll_seconds: 30
      """;

  private ConfigFiles() {}

  static Path write(Path dir, String name, String yaml) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ExperimentConfig load(Path dir, String yaml) {
    return ConfigLoader.load(write(dir, "config.yaml", yaml));
  }
}
