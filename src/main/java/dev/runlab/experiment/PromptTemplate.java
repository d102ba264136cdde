package dev.runlab.experiment;

import dev.runlab.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt template with <code>&#123;column&#125;</code> placeholders, filled from a narrative's
 * row.
 *
 * <p>A placeholder is <code>&#123;name&#125;</code> with a name matching {@code
 * [A-Za-z_][A-Za-z0-9_.-]*}. As in Python's {@code str.format}, <code>&#123;&#123;</code> and
 * <code>&#125;&#125;</code> stand for one literal brace each, so <code>&#123;&#123;text&#125;&#125;
 * </code> renders as <code>&#123;text&#125;</code>. Any other brace is literal text, so a prompt
 * can show a JSON example such as <code>&#123;"label": "x"&#125;</code> as it is. The one catch:
 * nested JSON that ends in two closing braces must write them as four.
 *
 * <p>Immutable and thread-safe: parse once, render for every narrative.
 */
public final class PromptTemplate {
  private final String source;
  // literals.size() == names.size() + 1; rendering interleaves them
  private final List<String> literals;
  private final List<String> names;
  private final Set<String> placeholders;

  private PromptTemplate(String source, List<String> literals, List<String> names) {
    this.source = source;
    this.literals = List.copyOf(literals);
    this.names = List.copyOf(names);
    this.placeholders = Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /** Parses a template; every text is a valid template (stray braces are literal). */
  public static PromptTemplate parse(String template) {
    Objects.requireNonNull(template, "template");
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      boolean doubled = i + 1 < template.length() && template.charAt(i + 1) == c;
      int end = c == '{' ? placeholderEnd(template, i) : -1;
      if ((c == '{' || c == '}') && doubled) {
        literal.append(c);
        i += 2;
      } else if (end > 0) {
        literals.add(literal.toString());
        literal.setLength(0);
        names.add(template.substring(i + 1, end));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    literals.add(literal.toString());
    return new PromptTemplate(template, literals, names);
  }

  /** The index of the '}' closing a placeholder that opens at {@code open}, or -1. */
  private static int placeholderEnd(String text, int open) {
    int i = open + 1;
    if (i >= text.length() || !isNameStart(text.charAt(i))) {
      return -1;
    }
    while (i < text.length() && isNamePart(text.charAt(i))) {
      i++;
    }
    return i < text.length() && text.charAt(i) == '}' ? i : -1;
  }

  private static boolean isNameStart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  /** The placeholder names, each once, in order of first appearance. */
  public Set<String> placeholders() {
    return placeholders;
  }

  /**
   * The template with each placeholder replaced by its field ({@code null} renders as empty).
   *
   * @throws IllegalArgumentException naming a placeholder that {@code fields} has no entry for
   */
  public String render(Map<String, String> fields) {
    StringBuilder text = new StringBuilder(source.length() + 256);
    text.append(literals.get(0));
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String value = fields.get(name);
      if (value == null && !fields.containsKey(name)) {
        throw new IllegalArgumentException(
            "prompt.template uses {"
                + name
                + "} but the row has no field "
                + name
                + " (fields: "
                + String.join(", ", fields.keySet())
                + ")");
      }
      text.append(value == null ? "" : value).append(literals.get(i + 1));
    }
    return text.toString();
  }

  /**
   * Checks that every placeholder names a column, before any request is sent.
   *
   * @param columns the data file's columns
   * @param where the data file's name, for the message
   * @throws ConfigException e.g. "prompt.template uses {foo} but data/x.csv has no column foo
   *     (columns: id, text, label)"
   */
  public void checkColumns(Collection<String> columns, String where) {
    for (String name : placeholders) {
      if (!columns.contains(name)) {
        String hint =
            DidYouMean.closest(name, columns).map(c -> "; did you mean {" + c + "}?").orElse("");
        throw new ConfigException(
            "prompt.template uses {"
                + name
                + "} but "
                + where
                + " has no column "
                + name
                + " (columns: "
                + String.join(", ", columns)
                + ")"
                + hint);
      }
    }
  }

  /** The template text as written. */
  @Override
  public String toString() {
    return source;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PromptTemplate that && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }
}
