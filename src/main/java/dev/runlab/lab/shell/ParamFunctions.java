package dev.runlab.lab.shell;

import dev.runlab.RunlabException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code param(key, default)}: a runbook or notebook parameter ({@code -p key=value}) of the
 * calling session, typed like its default, or the default when it was not passed. A default that
 * must be computed goes in a lambda, {@code param("id", () -> currentId())}: it is evaluated only
 * when the parameter was not passed, so a passed value never depends on it. Imported into every
 * session with the lab's functions. Public only because snippets call it. Thread-safe.
 */
public final class ParamFunctions {
  private ParamFunctions() {}

  /** The parameter as a String, else {@code fallback}. */
  public static String param(String key, String fallback) {
    return param(key, () -> fallback);
  }

  public static long param(String key, long fallback) {
    return param(key, () -> fallback);
  }

  public static int param(String key, int fallback) {
    return param(key, () -> fallback);
  }

  public static double param(String key, double fallback) {
    return param(key, () -> fallback);
  }

  public static boolean param(String key, boolean fallback) {
    return param(key, () -> fallback);
  }

  /** The parameter as a String, else what {@code fallback} gives (called only then). */
  public static String param(String key, Supplier<String> fallback) {
    String v = passed(key);
    return v == null ? fallback.get() : v;
  }

  public static long param(String key, LongSupplier fallback) {
    String v = passed(key);
    return v == null ? fallback.getAsLong() : parse(key, v, "a whole number", Long::parseLong);
  }

  public static int param(String key, IntSupplier fallback) {
    String v = passed(key);
    return v == null ? fallback.getAsInt() : parse(key, v, "a whole number", Integer::parseInt);
  }

  public static double param(String key, DoubleSupplier fallback) {
    String v = passed(key);
    return v == null ? fallback.getAsDouble() : parse(key, v, "a number", Double::parseDouble);
  }

  public static boolean param(String key, BooleanSupplier fallback) {
    String v = passed(key);
    if (v == null) {
      return fallback.getAsBoolean();
    }
    return parse(
        key,
        v,
        "true or false",
        s -> {
          if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
          }
          throw new IllegalArgumentException(s);
        });
  }

  private static String passed(String key) {
    return LabFunctions.session().params().get(key);
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> T parse(String key, String value, String what, Parser<T> parser) {
    try {
      return parser.parse(value.strip());
    } catch (IllegalArgumentException e) {
      throw RunlabException.usage(
          "parameter "
              + key
              + "=\""
              + value
              + "\" is not "
              + what
              + "; pass it like -p "
              + key
              + "=...");
    }
  }
}
