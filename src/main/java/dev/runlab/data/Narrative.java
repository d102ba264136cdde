package dev.runlab.data;

import java.util.Map;

/**
 * One row of a data file, as read by a {@link NarrativeReader}.
 *
 * @param rowNumber 1-based number of the data row: the header of a CSV file and blank lines are not
 *     counted (for JSON Lines: the non-blank lines)
 * @param id the narrative id, non-empty (not trimmed: taken as written)
 * @param text the narrative text
 * @param label the gold label, or {@code null} when the data set has none (no label column
 *     configured, the column absent, or the cell empty or JSON {@code null})
 * @param fields every column of the row by name, in file order (id, text and label included), as
 *     text, unmodifiable; a JSON {@code null} is left out; used for {@code {column}} placeholders
 * @param rowHash {@link NarrativeSource#rowHash(Map)} of {@code fields}: SHA-256 (hex) over the
 *     row's column names and values, the same whatever the format or quoting, so that a changed
 *     file can be explained row by row
 */
public record Narrative(
    long rowNumber,
    String id,
    String text,
    String label,
    Map<String, String> fields,
    String rowHash) {}
