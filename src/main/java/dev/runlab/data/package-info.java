/**
 * Data files of narratives: {@link dev.runlab.data.NarrativeSource} opens a CSV or JSON Lines file
 * as a {@link dev.runlab.data.NarrativeReader} that streams {@link dev.runlab.data.Narrative}s one
 * row at a time, and computes the file checksum and per-row hashes that explain a changed file.
 * Every file that cannot be read is rejected with a {@link dev.runlab.DataFormatException} (exit
 * code 2) naming the file, the row and line, what is wrong and what to do.
 */
package dev.runlab.data;
