package dev.runlab.experiment;

import java.util.Objects;

/**
 * One setting that differs between the stored (authoritative) config and a YAML given on resume.
 * Immutable.
 *
 * @param key the YAML path, e.g. {@code model.temperature}
 * @param stored the stored value as short text: {@code 0.0}, {@code "..."} (strings quoted,
 *     shortened to about 80 characters), {@code (none)} for no value
 * @param given the given value, rendered the same way
 * @param operational whether the key is under {@code run.*} and so may change on resume; all other
 *     keys are experimental, and there the database wins
 */
public record ConfigDifference(String key, String stored, String given, boolean operational) {
  public ConfigDifference {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(given, "given");
  }

  /** One line for a warning or an event: {@code model.temperature: stored 0.0, given 0.7}. */
  public String describe() {
    return key + ": stored " + stored + ", given " + given;
  }
}
