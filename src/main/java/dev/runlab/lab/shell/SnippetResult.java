package dev.runlab.lab.shell;

/**
 * What one snippet did.
 *
 * @param kind what happened
 * @param source the snippet's source
 * @param line the line of the whole evaluated source where the snippet (or its error) is, from 1
 * @param value the live value of an expression or variable ({@link Kind#VALUE} only), may be null
 * @param rendering the text to show: a table boxed, other values like jshell ({@code x ==> 42}),
 *     empty when there is nothing to show
 * @param error for a compile error or an exception: what went wrong, with the failing line
 * @param exception the unwrapped throwable of an {@link Kind#EXCEPTION}, when it is known
 * @param name the variable of a {@link Kind#VALUE} ({@code $n} for a bare expression), else null
 */
public record SnippetResult(
    Kind kind,
    String source,
    int line,
    Object value,
    String rendering,
    String error,
    Throwable exception,
    String name) {

  /** What a snippet did. */
  public enum Kind {
    /** An expression or a variable with a value. */
    VALUE,
    /** A declaration, import or statement without a value. */
    NO_VALUE,
    /** It does not compile (or is incomplete); nothing ran. */
    COMPILE_ERROR,
    /** It threw, or was interrupted. */
    EXCEPTION
  }

  /** Whether this is the value of a bare expression (not of a declared variable). */
  public boolean isExpressionValue() {
    return kind == Kind.VALUE && name != null && name.startsWith("$");
  }

  public boolean ok() {
    return kind == Kind.VALUE || kind == Kind.NO_VALUE;
  }
}
