package dev.runlab.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where {@code show(value)} in a notebook session leaves the values it shows, until the runner
 * collects them after the cell. Public only because snippet code calls it. Thread-safe.
 */
public final class SessionBridge {
  private static final Map<String, List<Object>> SHOWN = new ConcurrentHashMap<>();

  private SessionBridge() {}

  static void open(String session) {
    SHOWN.put(session, new ArrayList<>());
  }

  static void close(String session) {
    SHOWN.remove(session);
  }

  /** The values shown since the last call, in order. */
  static List<Object> drainShown(String session) {
    List<Object> shown = shown(session);
    synchronized (shown) {
      List<Object> copy = List.copyOf(shown);
      shown.clear();
      return copy;
    }
  }

  public static void show(String session, Object value) {
    List<Object> shown = shown(session);
    synchronized (shown) {
      shown.add(value == null ? "null" : value);
    }
  }

  private static List<Object> shown(String session) {
    List<Object> shown = SHOWN.get(session);
    if (shown == null) {
      throw new IllegalStateException("notebook session " + session + " is closed");
    }
    return shown;
  }
}
