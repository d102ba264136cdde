package dev.runlab.lab.shell;

/**
 * Parameter values as Java: the typed value of a {@code -p key=value} text, and the declaration
 * that defines it as a session variable.
 */
final class TypedValues {
  private TypedValues() {}

  static String declaration(String name, Object value) {
    String type;
    if (value instanceof String) {
      type = "String";
    } else if (value instanceof Long) {
      type = "long";
    } else if (value instanceof Integer) {
      type = "int";
    } else if (value instanceof Double) {
      type = "double";
    } else if (value instanceof Boolean) {
      type = "boolean";
    } else {
      throw new IllegalArgumentException(
          "parameter " + name + " is a " + value.getClass().getName() + "; use text or a number");
    }
    return type + " " + name + " = " + literal(value) + ";";
  }

  /** The Java literal of a String, Long, Integer, Double or Boolean value. */
  static String literal(Object value) {
    if (value instanceof String s) {
      return stringLiteral(s);
    }
    if (value instanceof Long l) {
      return l + "L";
    }
    if (value instanceof Integer || value instanceof Double || value instanceof Boolean) {
      return value.toString();
    }
    throw new IllegalArgumentException(
        "a " + value.getClass().getName() + " has no Java literal here; use text or a number");
  }

  /**
   * The typed value of a {@code -p key=value} text: a whole number (up to 18 digits) is a {@link
   * Long}, a decimal a {@link Double}, {@code true}/{@code false} a {@link Boolean}, anything else
   * the {@link String} itself.
   */
  static Object typed(String text) {
    String v = text.strip();
    if (v.matches("-?\\d{1,18}")) {
      return Long.parseLong(v);
    }
    if (v.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
      return Double.parseDouble(v);
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    return text;
  }

  static String stringLiteral(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
      }
    }
    return out.append('"').toString();
  }
}
