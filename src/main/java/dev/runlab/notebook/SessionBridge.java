package dev.runlab.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands live objects from the host to the code of a session and back: the snippets of a session
 * read their {@code lab} and parameters here, and {@code show(...)} leaves values here for the
 * notebook. Public only because snippet code calls it. Thread-safe.
 */
public final class SessionBridge {
  private static final Map<String, Session> SESSIONS = new ConcurrentHashMap<>();

  private SessionBridge() {}

  record Session(Map<String, Object> objects, Map<String, String> params, List<Object> shown) {}

  static void open(String id, Map<String, Object> objects, Map<String, String> params) {
    SESSIONS.put(id, new Session(Map.copyOf(objects), Map.copyOf(params), new ArrayList<>()));
  }

  static void close(String id) {
    SESSIONS.remove(id);
  }

  /** The values shown since the last call, in order. */
  static List<Object> drainShown(String id) {
    List<Object> shown = session(id).shown();
    synchronized (shown) {
      List<Object> copy = List.copyOf(shown);
      shown.clear();
      return copy;
    }
  }

  public static Object object(String session, String name) {
    return session(session).objects().get(name);
  }

  public static void show(String session, Object value) {
    List<Object> shown = session(session).shown();
    synchronized (shown) {
      shown.add(value == null ? "null" : value);
    }
  }

  /** The parameter passed as {@code -p key=value}, or null. */
  public static String param(String session, String key) {
    return session(session).params().get(key);
  }

  private static Session session(String id) {
    Session s = SESSIONS.get(id);
    if (s == null) {
      throw new IllegalStateException("session " + id + " is closed");
    }
    return s;
  }
}
