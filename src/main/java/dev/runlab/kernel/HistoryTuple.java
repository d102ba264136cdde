package dev.runlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.annotations.JsonAdapter;
import java.lang.reflect.Type;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;

/**
 * A history entry that goes on the wire as the protocol's tuple {@code [session, line, input]} (or
 * {@code [session, line, [input, output]]}). The library (1.0-a6) writes its entries as objects
 * ({@code {"session":1,"cellNumber":2,...}}), which Jupyter clients cannot read: its tuple adapter
 * is registered for reading replies only. Immutable.
 */
@JsonAdapter(HistoryTuple.Tuple.class)
final class HistoryTuple extends HistoryEntry {
  HistoryTuple(int session, int cellNumber, String input, String output) {
    super(session, cellNumber, input, output);
  }

  /** Writes the tuple. */
  static final class Tuple implements JsonSerializer<HistoryTuple> {
    @Override
    public JsonElement serialize(HistoryTuple entry, Type type, JsonSerializationContext context) {
      JsonArray tuple = new JsonArray();
      tuple.add(entry.getSession());
      tuple.add(entry.getCellNumber());
      if (entry.hasOutput()) {
        JsonArray io = new JsonArray();
        io.add(entry.getInput());
        io.add(entry.getOutput());
        tuple.add(io);
      } else {
        tuple.add(entry.getInput());
      }
      return tuple;
    }
  }
}
