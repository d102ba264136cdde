package dev.runlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed in a data file since its rows were loaded, by narrative id: rows added, removed and
 * altered (same id, different content), each with a count and the first few ids.
 *
 * @param readError why the new file could not be read to the end, or {@code null}
 */
public record DataDiff(
    long added,
    long removed,
    long altered,
    List<String> addedIds,
    List<String> removedIds,
    List<String> alteredIds,
    String readError) {

  public DataDiff {
    addedIds = List.copyOf(addedIds);
    removedIds = List.copyOf(removedIds);
    alteredIds = List.copyOf(alteredIds);
  }

  public boolean rowsChanged() {
    return added + removed + altered > 0;
  }

  /** E.g. "2 rows altered (N000017, N000231), 1 row added (N9)". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    part(parts, altered, "altered", alteredIds);
    part(parts, added, "added", addedIds);
    part(parts, removed, "removed", removedIds);
    if (parts.isEmpty()) {
      parts.add(
          "no row differs by id and content (the bytes changed: e.g. order, quoting or line ends)");
    }
    String text = String.join(", ", parts);
    return readError == null ? text : text + "; the new file also fails to read: " + readError;
  }

  private static void part(List<String> parts, long count, String what, List<String> ids) {
    if (count == 0) {
      return;
    }
    String list = String.join(", ", ids) + (count > ids.size() ? ", …" : "");
    parts.add(count + (count == 1 ? " row " : " rows ") + what + " (" + list + ")");
  }
}
