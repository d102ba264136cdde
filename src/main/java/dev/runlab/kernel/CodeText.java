package dev.runlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Positions and names in a cell's code. Jupyter counts cursor positions in Unicode code points,
 * Java strings in UTF-16 units; these convert between the two.
 */
final class CodeText {
  private CodeText() {}

  /** The string index of code point {@code cursor}, clamped to the code. */
  static int toIndex(String code, int cursor) {
    int points = code.codePointCount(0, code.length());
    return code.offsetByCodePoints(0, Math.max(0, Math.min(cursor, points)));
  }

  /** The code point position of string index {@code index}. */
  static int fromIndex(String code, int index) {
    return code.codePointCount(0, Math.max(0, Math.min(index, code.length())));
  }

  /** The indent of the line after {@code code}: four spaces per brace or parenthesis left open. */
  static String indentAfter(String code) {
    int depth = 0;
    for (char c : code.toCharArray()) {
      if (c == '{' || c == '(' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
        depth--;
      }
    }
    return "    ".repeat(depth);
  }

  /**
   * The names a cursor at string index {@code at} may mean, most specific first: the dotted name
   * around it ({@code chart.throughput}), then the identifier it is in. Right after an opening
   * parenthesis, the name before it ({@code errors(|}).
   */
  static List<String> namesAt(String code, int at) {
    int end = at;
    if (end > 0 && code.charAt(end - 1) == '(') {
      end--;
    }
    int start = end;
    while (start > 0 && isNamePart(code.charAt(start - 1))) {
      start--;
    }
    while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
      end++;
    }
    String dotted = code.substring(start, end).replaceAll("^\\.+|\\.+$", "");
    List<String> names = new ArrayList<>();
    if (!dotted.isEmpty()) {
      names.add(dotted);
      int dot = dotted.lastIndexOf('.');
      if (dot >= 0) {
        names.add(dotted.substring(dot + 1));
      }
    }
    return names;
  }

  private static boolean isNamePart(char c) {
    return Character.isJavaIdentifierPart(c) || c == '.';
  }
}
