package dev.runlab.lab.shell;

/**
 * What one snippet did.
 *
 * @param kind what happened
 * @param source the snippet's source
 * @param line the line of the whole evaluated source where the snippet (or its error) is, from 1
 * @param value the live value of a bare expression or variable that shows it ({@link Kind#VALUE}
 *     only, see {@link PrintRule}), may be null
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
    /** A bare expression or variable whose value shows ({@link PrintRule}). */
    VALUE,
    /** A declaration, import, statement, or expression ended with {@code ;}: nothing shows. */
    NO_VALUE,
    /** It does not compile (or is incomplete); nothing ran. */
    COMPILE_ERROR,
    /** It threw, or was interrupted. */
    EXCEPTION
  }

  public boolean ok() {
    return kind == Kind.VALUE || kind == Kind.NO_VALUE;
  }
}
