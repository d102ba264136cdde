package dev.runlab.lab.shell;

import java.util.List;
import java.util.function.Predicate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Splits the lab's input for JLine: a line is accepted only when its Java is complete (else JLine
 * asks for a continuation line), jshell-style {@code /commands} are always complete, and the word
 * being completed is the identifier at the cursor. Backslashes and quotes are Java's, not the
 * shell's: nothing is unescaped. Thread-safe.
 */
final class JavaLineParser implements Parser {
  private final Predicate<String> complete;

  /**
   * @param complete whether a buffer holds only complete snippets
   */
  JavaLineParser(Predicate<String> complete) {
    this.complete = complete;
  }

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && !LabRepl.isCommand(line) && !complete.test(line)) {
      throw new EOFError(-1, cursor, "incomplete snippet", "");
    }
    int start = cursor;
    while (start > 0 && Character.isJavaIdentifierPart(line.charAt(start - 1))) {
      start--;
    }
    return new Line(line, cursor, line.substring(start, cursor), cursor - start);
  }

  @Override
  public boolean isEscapeChar(char ch) {
    return false;
  }

  /** The whole line is one word list of one word: the identifier left of the cursor. */
  private record Line(String line, int cursor, String word, int wordCursor)
      implements CompletingParsedLine {
    @Override
    public int wordIndex() {
      return 0;
    }

    @Override
    public List<String> words() {
      return List.of(word);
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return wordCursor;
    }

    @Override
    public int rawWordLength() {
      return word.length();
    }
  }
}
