package dev.runlab.data;

import java.util.Map;

/**
 * One row of a data file.
 *
 * @param rowNumber 1-based number of the data row (the header of a CSV file is not counted)
 * @param id the narrative id, non-empty
 * @param text the narrative text
 * @param label the gold label, or {@code null} when the data set has none (or the cell is empty)
 * @param fields every column of the row by name, in file order (id, text and label included), as
 *     text; used for {@code {column}} placeholders
 * @param rowHash SHA-256 (hex) over the row's column names and values, so that a changed file can
 *     be explained row by row
 */
public record Narrative(
    long rowNumber,
    String id,
    String text,
    String label,
    Map<String, String> fields,
    String rowHash) {}
