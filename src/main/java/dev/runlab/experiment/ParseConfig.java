package dev.runlab.experiment;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code parse:} section: how an answer becomes a parsed label.
 *
 * @param type how to read the answer
 * @param field for {@code json}: the field that holds the label
 * @param labels the allowed labels; empty means any value is accepted
 * @param pattern for {@code regex}: a pattern whose first group (or whole match) is the label
 */
public record ParseConfig(Type type, String field, List<String> labels, String pattern) {

  /** The ways of parsing an answer. */
  public enum Type {
    JSON,
    LABEL,
    REGEX,
    RAW
  }

  public ParseConfig {
    Objects.requireNonNull(type, "type");
    labels = List.copyOf(labels == null ? List.of() : labels);
    if (labels.stream().anyMatch(String::isBlank) || Set.copyOf(labels).size() != labels.size()) {
      throw new IllegalArgumentException(
          "parse.labels must be distinct, non-empty strings, was " + labels);
    }
    if (type == Type.REGEX && (pattern == null || pattern.isEmpty())) {
      throw new IllegalArgumentException("parse.type regex needs parse.pattern");
    }
    if (type == Type.JSON && (field == null || field.isEmpty())) {
      throw new IllegalArgumentException("parse.type json needs parse.field");
    }
  }
}
