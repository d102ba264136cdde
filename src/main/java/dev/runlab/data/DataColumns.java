package dev.runlab.data;

import java.util.Objects;

/**
 * Which columns of a data file hold the narrative id, its text and (optionally) its gold label.
 *
 * @param id the id column (required in every row, non-empty, unique)
 * @param text the text column (required in every row)
 * @param label the gold label column, or {@code null} for none
 * @param labelRequired whether a missing label column is an error (true when the config named it
 *     explicitly) rather than "this data set has no gold labels"
 */
public record DataColumns(String id, String text, String label, boolean labelRequired) {
  public DataColumns {
    Objects.requireNonNull(id, "id column");
    Objects.requireNonNull(text, "text column");
    if (id.isBlank() || text.isBlank()) {
      throw new IllegalArgumentException(
          "column names must not be blank: id=" + id + " text=" + text);
    }
    if (labelRequired && label == null) {
      throw new IllegalArgumentException("labelRequired needs a label column name");
    }
  }
}
