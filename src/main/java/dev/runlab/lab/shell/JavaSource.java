package dev.runlab.lab.shell;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What snippet source says, read without compiling it: its code with comments and literals blanked,
 * the names it declares and uses, and the parameters it reads with {@code param("key", ...)}. For
 * the printing rule and the parameter checks of runbooks and notebooks. Stateless.
 */
public final class JavaSource {
  private static final Pattern PARAM_KEY = Pattern.compile("\\bparam\\s*\\(\\s*\"([^\"\\\\]*)\"");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");

  /** A declaration at the start of a statement: {@code long n = ...}, {@code var t = ...}. */
  private static final Pattern DECLARATION =
      Pattern.compile(
          "(?:^|[;{}])\\s*(?:final\\s+)?([A-Za-z_$][\\w$.]*)(?:\\s*<[^=;()]*>)?(?:\\s*\\[\\s*])*"
              + "\\s+([A-Za-z_$][\\w$]*)\\s*(?:=(?!=)|;)",
          Pattern.MULTILINE);

  private JavaSource() {}

  /**
   * {@code source} with comments removed and the contents of string, text block and character
   * literals blanked (their quotes kept), so that what is left is code.
   */
  public static String code(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char ch = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && escaped(source, end)) {
          end = source.indexOf("\"\"\"", end + 1);
        }
        i = end < 0 ? n : end + 3;
        out.append("\"\"");
      } else if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != ch && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        out.append(ch).append(ch);
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean escaped(String source, int at) {
    int backslashes = 0;
    for (int j = at - 1; j >= 0 && source.charAt(j) == '\\'; j--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Whether the last character of {@code source} outside comments and literals is {@code ;}. */
  public static boolean endsWithSemicolon(String source) {
    return code(source).strip().endsWith(";");
  }

  /** The keys {@code source} reads with {@code param("key", ...)}, in order. */
  public static Set<String> paramKeys(String source) {
    Set<String> keys = new LinkedHashSet<>();
    Matcher m = PARAM_KEY.matcher(source);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  /** Every name the code of {@code source} mentions (outside comments and literals). */
  public static Set<String> names(String source) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(code(source));
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** The variables {@code source} declares at the start of its statements, in order. */
  public static Set<String> declaredVariables(String source) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = DECLARATION.matcher(code(source));
    while (m.find()) {
      if (!Set.of("return", "throw", "yield", "else", "new", "case").contains(m.group(1))) {
        names.add(m.group(2));
      }
    }
    return names;
  }
}
