package dev.runlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * Jupyter's {@code history_request} over the cells this kernel ran: one session (number {@value
 * #SESSION}), line numbers are execution counts. Outputs are not kept. Thread-safe.
 */
final class SessionHistory implements HistoryManager {
  static final int SESSION = 1;

  private final Supplier<List<String>> cells;

  /**
   * @param cells the code of the stored cells, in order ({@link KernelSession#history()})
   */
  SessionHistory(Supplier<List<String>> cells) {
    this.cells = cells;
  }

  @Override
  public List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
    List<HistoryEntry> all = entries(flags);
    return all.subList(Math.max(0, all.size() - Math.max(0, length)), all.size());
  }

  /** Cells {@code start} (inclusive) to {@code stop} (exclusive; 0 or less: to the last one). */
  @Override
  public List<HistoryEntry> lookupRange(
      int sessionOffset, int start, int stop, Set<ResultFlag> flags) {
    if (sessionOffset != 0 && sessionOffset != SESSION) {
      return List.of();
    }
    return entries(flags).stream()
        .filter(e -> e.getCellNumber() >= start && (stop <= 0 || e.getCellNumber() < stop))
        .toList();
  }

  /** The last {@code length} cells matching the glob {@code pattern} ({@code *}, {@code ?}). */
  @Override
  public List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
    Pattern glob = glob(pattern == null ? "*" : pattern);
    List<HistoryEntry> matching = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<HistoryEntry> all = entries(flags);
    for (int i = all.size() - 1; i >= 0 && (length <= 0 || matching.size() < length); i--) {
      HistoryEntry e = all.get(i);
      if (glob.matcher(e.getInput()).matches()
          && (!flags.contains(ResultFlag.UNIQUE) || seen.add(e.getInput()))) {
        matching.add(0, e);
      }
    }
    return matching;
  }

  private List<HistoryEntry> entries(Set<ResultFlag> flags) {
    boolean output = flags.contains(ResultFlag.INCLUDE_OUTPUT);
    List<String> inputs = cells.get();
    List<HistoryEntry> entries = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      entries.add(new HistoryTuple(SESSION, i + 1, inputs.get(i), output ? "" : null));
    }
    return entries;
  }

  /** A glob as a regex: {@code *} any text, {@code ?} one character, {@code [...]} a set. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    boolean inSet = false;
    for (char c : glob.toCharArray()) {
      if (inSet) {
        regex.append(c);
        inSet = c != ']';
      } else if (c == '*') {
        regex.append("[\\s\\S]*");
      } else if (c == '?') {
        regex.append("[\\s\\S]");
      } else if (c == '[') {
        regex.append('[');
        inSet = true;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
