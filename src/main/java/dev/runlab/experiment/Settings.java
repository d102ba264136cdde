package dev.runlab.experiment;

import dev.runlab.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * The values a config document gives, by key path, each with the line it is on; read by {@link
 * SettingsReader} (already type-checked against {@link Schema}) and turned into records by {@link
 * ConfigAssembler}. Absent keys read as their schema default. Not thread-safe; used once.
 */
final class Settings {
  /** The value of a section that is given. */
  static final Object SECTION = new Object();

  /**
   * One given value.
   *
   * @param value the plain value, {@link #SECTION} for a given section, or {@code null} for an
   *     explicit empty value
   * @param line the 1-based line of the key, 0 when unknown (the stored JSON form)
   */
  record Entry(Object value, int line) {}

  private final String source;
  private final Map<String, Entry> entries;

  Settings(String source, Map<String, Entry> entries) {
    this.source = source;
    this.entries = Map.copyOf(entries);
  }

  /** Whether the key is written in the document, possibly with an empty value. */
  boolean isPresent(String path) {
    return entries.containsKey(path);
  }

  /** Whether the key is written in the document with a value that is not empty. */
  boolean isGiven(String path) {
    Entry entry = entries.get(path);
    return entry != null && entry.value() != null;
  }

  /** The given value, else the schema default; a required key that is absent is an error. */
  Object value(String path) {
    Entry entry = entries.get(path);
    if (entry != null) {
      return entry.value();
    }
    SchemaKey key = Schema.get(path);
    if (key.required()) {
      throw missing(key);
    }
    return key.defaultValue();
  }

  String string(String path) {
    return (String) value(path);
  }

  long integer(String path) {
    return (Long) value(path);
  }

  int smallInteger(String path) {
    // SettingsReader has checked the int range of Type.INT keys
    return Math.toIntExact(integer(path));
  }

  double number(String path) {
    return (Double) value(path);
  }

  boolean bool(String path) {
    return (Boolean) value(path);
  }

  @SuppressWarnings("unchecked")
  List<String> strings(String path) {
    return (List<String>) value(path);
  }

  /** The line of the key, else of the nearest enclosing section that is written; 0 if none. */
  int line(String path) {
    for (String p = path; !p.isEmpty(); p = p.substring(0, Math.max(0, p.lastIndexOf('.')))) {
      Entry entry = entries.get(p);
      if (entry != null && entry.line() > 0) {
        return entry.line();
      }
    }
    return 0;
  }

  ConfigException error(String path, String message) {
    return error(path, message, null);
  }

  ConfigException error(String path, String message, String hint) {
    return problem(source, line(path), message, hint, null);
  }

  private ConfigException missing(SchemaKey key) {
    String parent = key.parent();
    if (parent.isEmpty()) {
      return error(
          key.path(), key.path() + " is required", "add " + key.name() + ": at the top level");
    }
    return error(
        key.path(), key.path() + " is required", "add " + key.name() + ": under " + parent + ":");
  }

  /** The one shape of every config message: "file: what is wrong (line N); what to do". */
  static ConfigException problem(
      String source, int line, String message, String hint, Throwable cause) {
    StringBuilder text = new StringBuilder(source).append(": ").append(message);
    if (line > 0) {
      text.append(" (line ").append(line).append(')');
    }
    if (hint != null) {
      text.append("; ").append(hint);
    }
    return new ConfigException(text.toString(), cause);
  }
}
