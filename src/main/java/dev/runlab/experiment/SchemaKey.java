package dev.runlab.experiment;

import java.util.List;
import java.util.function.Function;

/**
 * One key of the config {@link Schema}: its path, type, limits and default, a one-line description,
 * and how to read its value from an {@link ExperimentConfig}. Immutable.
 *
 * @param path the YAML path, e.g. {@code run.concurrency}
 * @param read the value in a config (see {@link #valueIn})
 * @param required whether the key must be given (when its section is given)
 * @param nullable whether an explicit empty value ({@code ~}, {@code null}) is allowed, meaning
 *     "none"
 * @param defaultValue the value used when the key is absent ({@code null}: none, or computed by
 *     {@link ConfigAssembler} as {@code defaultText} says)
 * @param min the smallest allowed number, or {@code null}
 * @param max the largest allowed number, or {@code null}
 */
record SchemaKey(
    String path,
    Type type,
    String description,
    Function<ExperimentConfig, Object> read,
    boolean required,
    boolean nullable,
    Object defaultValue,
    String defaultText,
    Double min,
    Double max,
    List<String> choices) {

  /** The value types a key can have. */
  enum Type {
    STRING("string"),
    PATH("path"),
    CHOICE("string"),
    INT("integer"),
    LONG("integer"),
    NUMBER("number"),
    BOOLEAN("true or false"),
    STRINGS("list of strings"),
    SECTION("mapping");

    final String label;

    Type(String label) {
      this.label = label;
    }
  }

  /** The last segment of the path: the key's name inside its section. */
  String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The path of the enclosing section, {@code ""} at the top level. */
  String parent() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /**
   * This key's value in a config as a plain value ({@code Integer} widened to {@code Long}); for a
   * section, its record or {@code null}.
   */
  Object valueIn(ExperimentConfig config) {
    Object value = read.apply(config);
    return value instanceof Integer i ? Long.valueOf(i) : value;
  }

  boolean isSection() {
    return type == Type.SECTION;
  }

  /** Operational keys ({@code run.*}) may change on resume; all others are experimental. */
  boolean operational() {
    return path.startsWith("run.");
  }

  String typeText() {
    return type == Type.CHOICE ? "one of " + String.join(", ", choices) : type.label;
  }

  String defaultDescription() {
    if (defaultText != null) {
      return defaultText;
    }
    if (required) {
      return "(required)";
    }
    if (isSection() && !nullable) {
      return "see below";
    }
    return defaultValue == null ? "(none)" : String.valueOf(defaultValue);
  }

  SchemaKey mandatory() {
    return new SchemaKey(
        path, type, description, read, true, nullable, null, null, min, max, choices);
  }

  SchemaKey emptyAllowed() {
    return new SchemaKey(
        path, type, description, read, false, true, defaultValue, defaultText, min, max, choices);
  }

  SchemaKey byDefault(Object value) {
    Object normalized = value instanceof Integer i ? Long.valueOf(i) : value;
    return new SchemaKey(
        path, type, description, read, false, nullable, normalized, defaultText, min, max, choices);
  }

  SchemaKey defaultShownAs(String text) {
    return new SchemaKey(
        path, type, description, read, required, nullable, defaultValue, text, min, max, choices);
  }

  SchemaKey range(double low, Double high) {
    return new SchemaKey(
        path,
        type,
        description,
        read,
        required,
        nullable,
        defaultValue,
        defaultText,
        low,
        high,
        choices);
  }
}
