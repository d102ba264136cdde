package dev.runlab.experiment;

import dev.runlab.store.DbLocation;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The resolved configuration of an experiment, as loaded from YAML by {@link ConfigLoader} and
 * stored as JSON in {@code experiments.config_json}. Paths are absolute (resolved against the
 * config file's folder). Immutable.
 *
 * <p>Experimental settings ({@code data}, the columns, {@code model}, {@code prompt}, {@code
 * parse}) are fixed at start: on resume the database's copy wins. Operational settings ({@link
 * RunConfig}) may change on resume.
 *
 * @param name a short name for the experiment
 * @param data the data file (CSV or JSONL)
 * @param db the database named by the config's {@code db:} key, or {@code null} for the default
 * @param idColumn the id column (default {@code id})
 * @param textColumn the text column (default {@code text})
 * @param labelColumn the gold label column; {@code null} when the config does not name one, in
 *     which case a column named {@code label} is used if the data has it
 */
public record ExperimentConfig(
    String name,
    Path data,
    DbLocation db,
    String idColumn,
    String textColumn,
    String labelColumn,
    ModelConfig model,
    PromptConfig prompt,
    ParseConfig parse,
    RunConfig run) {

  public static final String DEFAULT_LABEL_COLUMN = "label";

  public ExperimentConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(idColumn, "idColumn");
    Objects.requireNonNull(textColumn, "textColumn");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(parse, "parse");
    Objects.requireNonNull(run, "run");
    if (!data.isAbsolute()) {
      throw new IllegalArgumentException("data path must be resolved to an absolute path: " + data);
    }
  }

  public ExperimentConfig withRun(RunConfig newRun) {
    return new ExperimentConfig(
        name, data, db, idColumn, textColumn, labelColumn, model, prompt, parse, newRun);
  }

  public ExperimentConfig withLabelColumn(String newLabelColumn) {
    return new ExperimentConfig(
        name, data, db, idColumn, textColumn, newLabelColumn, model, prompt, parse, run);
  }
}
